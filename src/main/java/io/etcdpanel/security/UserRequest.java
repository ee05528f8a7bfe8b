package io.etcdpanel.security;

import io.swagger.v3.oas.annotations.media.Schema;
/** A user to create, or the fields of one to change (null: leave as is). */
public record UserRequest(
        @Schema(description = "lower-case letters, digits, dots, dashes and underscores (required to create)",
                pattern = "^[a-z0-9]([a-z0-9._-]{0,58}[a-z0-9])?$", maxLength = 60)
        String username,
        @Schema(description = "at least 12 characters, at most 72 bytes (required to create)", minLength = Credentials.MIN_PASSWORD,
                format = "password")
        String password,
        @Schema(description = "what the user may do (required to create)", allowableValues = {"VIEWER", "OPERATOR", "ADMIN"})
        String role) {
}
