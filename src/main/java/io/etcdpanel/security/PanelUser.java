package io.etcdpanel.security;

import java.time.Instant;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/** One person who signs in: a name, a bcrypt hash of the password, and a role. */
@Entity
@Table(name = "panel_users")
class PanelUser {

    @Id
    private String username;
    @Column(name = "password_hash")
    private String passwordHash;
    @Enumerated(EnumType.STRING)
    private Role role;
    private Instant createdAt;

    protected PanelUser() {
    }

    PanelUser(String username, String passwordHash, Role role, Instant createdAt) {
        this.username = username;
        this.passwordHash = passwordHash;
        this.role = role;
        this.createdAt = createdAt;
    }

    String username() {
        return username;
    }

    String passwordHash() {
        return passwordHash;
    }

    Role role() {
        return role;
    }

    void change(Role newRole, String newPasswordHash) {
        if (newRole != null) {
            role = newRole;
        }
        if (newPasswordHash != null) {
            passwordHash = newPasswordHash;
        }
    }

    UserView view() {
        return new UserView(username, role, createdAt);
    }
}
