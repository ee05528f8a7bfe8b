package io.etcdpanel.security;

import java.util.Arrays;
import java.util.List;
import java.util.Optional;

import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.authority.SimpleGrantedAuthority;

/** What a user or token may do; each role holds the authorities of the ones below it. */
public enum Role {
    /** Reads everything the panel shows. */
    VIEWER,
    /** Also creates, scales, backs up, restores and edits schedules. */
    OPERATOR,
    /** Also deletes clusters and snapshots, and manages users and tokens. */
    ADMIN;

    /** ROLE_ authorities of this role and every role below it, so rules name only the least role they need. */
    public List<GrantedAuthority> authorities() {
        return Arrays.stream(values()).filter(role -> role.ordinal() <= ordinal())
                .map(role -> (GrantedAuthority) new SimpleGrantedAuthority("ROLE_" + role.name())).toList();
    }

    static Optional<Role> parse(String text) {
        return Arrays.stream(values()).filter(role -> role.name().equalsIgnoreCase(text == null ? "" : text.trim())).findFirst();
    }
}
