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
    private boolean passwordChangeRequired;

    protected PanelUser() {
    }

    PanelUser(String username, String passwordHash, Role role, Instant createdAt) {
        this.username = username;
        this.passwordHash = passwordHash;
        this.role = role;
        this.createdAt = createdAt;
    }

    /** A user whose password the panel generated: they must choose their own before anything else. */
    static PanelUser withGeneratedPassword(String username, String passwordHash, Role role, Instant createdAt) {
        PanelUser user = new PanelUser(username, passwordHash, role, createdAt);
        user.passwordChangeRequired = true;
        return user;
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

    boolean passwordChangeRequired() {
        return passwordChangeRequired;
    }

    void chooseOwnPassword(String newPasswordHash) {
        passwordHash = newPasswordHash;
        passwordChangeRequired = false;
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
