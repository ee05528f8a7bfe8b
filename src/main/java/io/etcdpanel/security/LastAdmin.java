package io.etcdpanel.security;

/** The change would leave the panel without an admin, and nobody could manage users again. */
public class LastAdmin extends RuntimeException {

    LastAdmin(String username) {
        super(username + " is the last admin: make another user an admin first");
    }
}
