package io.etcdpanel.security;

/** No user has that name. */
public class UserNotFound extends RuntimeException {

    UserNotFound(String username) {
        super("no user named " + username);
    }
}
