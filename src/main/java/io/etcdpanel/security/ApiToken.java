package io.etcdpanel.security;

import java.time.Instant;

import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/** One API token: its name, role and expiry, and the sha256 of its secret (the secret itself is never stored). */
@Entity
@Table(name = "api_tokens")
class ApiToken {

    @Id
    private String id;
    private String name;
    private String secretHash;
    @Enumerated(EnumType.STRING)
    private Role role;
    private String createdBy;
    private Instant createdAt;
    private Instant expiresAt;
    private Instant revokedAt;

    protected ApiToken() {
    }

    ApiToken(String id, String name, String secretHash, Role role, String createdBy, Instant createdAt, Instant expiresAt) {
        this.id = id;
        this.name = name;
        this.secretHash = secretHash;
        this.role = role;
        this.createdBy = createdBy;
        this.createdAt = createdAt;
        this.expiresAt = expiresAt;
    }

    String name() {
        return name;
    }

    Role role() {
        return role;
    }

    boolean usableAt(Instant now) {
        return revokedAt == null && now.isBefore(expiresAt);
    }

    void revoke(Instant now) {
        if (revokedAt == null) {
            revokedAt = now;
        }
    }

    TokenView view(Instant now) {
        return new TokenView(id, name, role, createdBy, createdAt, expiresAt, revokedAt, usableAt(now));
    }
}
