package io.etcdpanel.security;

import io.swagger.v3.oas.annotations.media.Schema;
import java.time.Instant;

/** A token to create: what it is for, its role, and when it stops working. */
public record TokenRequest(
        @Schema(requiredMode = Schema.RequiredMode.REQUIRED, description = "what the token is for", example = "ci-backups")
        String name,
        @Schema(requiredMode = Schema.RequiredMode.REQUIRED, allowableValues = {"VIEWER", "OPERATOR", "ADMIN"})
        String role,
        @Schema(requiredMode = Schema.RequiredMode.REQUIRED,
                description = "when the token stops working: in the future, within etcdpanel.security.max-token-lifetime")
        Instant expiresAt) {
}
