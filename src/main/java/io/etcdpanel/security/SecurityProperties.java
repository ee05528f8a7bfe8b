package io.etcdpanel.security;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Owns the sign-in settings: the first admin's name and password (used only while no user exists; generated and
 * printed once when unset) and the longest life an API token may be given.
 */
@ConfigurationProperties("etcdpanel.security")
public record SecurityProperties(
        @DefaultValue("admin") String adminUsername,
        String adminPassword,
        @DefaultValue("365d") Duration maxTokenLifetime) {

    @Override
    public String toString() {
        return "SecurityProperties[adminUsername=" + adminUsername + ", adminPassword=" + (adminPassword == null ? "unset" : "(set)")
                + ", maxTokenLifetime=" + maxTokenLifetime + "]";
    }
}
