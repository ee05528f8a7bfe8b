package io.etcdpanel.security;

/** A token just made, with its secret: the only time the secret is shown. */
public record CreatedToken(TokenView token, String secret) {
}
