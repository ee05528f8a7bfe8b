package io.etcdpanel.security;

import java.time.Instant;

/** A user as the API and pages show it: never the password or its hash. */
public record UserView(String username, Role role, Instant createdAt) {
}
