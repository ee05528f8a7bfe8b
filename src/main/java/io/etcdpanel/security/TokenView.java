package io.etcdpanel.security;

import java.time.Instant;

/** A token as the API and pages list it: never its secret. */
public record TokenView(String id, String name, Role role, String createdBy, Instant createdAt, Instant expiresAt,
        Instant revokedAt, boolean active) {
}
