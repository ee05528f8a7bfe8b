package io.etcdpanel.security;

/** A user of that name exists already. */
public class UsernameTaken extends RuntimeException {

    UsernameTaken(String username) {
        super("a user named " + username + " exists already; pick another name or change that user");
    }
}
