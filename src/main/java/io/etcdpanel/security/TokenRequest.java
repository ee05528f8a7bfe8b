package io.etcdpanel.security;

import java.time.Instant;

/** A token to create: what it is for, its role, and when it stops working. */
public record TokenRequest(String name, String role, Instant expiresAt) {
}
