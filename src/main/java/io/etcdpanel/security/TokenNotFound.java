package io.etcdpanel.security;

/** No token has that id. */
public class TokenNotFound extends RuntimeException {

    TokenNotFound(String id) {
        super("no API token with id " + id);
    }
}
