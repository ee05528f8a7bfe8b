package io.etcdpanel.config;

import java.nio.file.Path;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Owns the panel-wide settings: where the database, member data and logs live, and how many panels share the
 * database (one holds the lease and reconciles; all serve pages and the API).
 */
@ConfigurationProperties("etcdpanel")
public record PanelProperties(@DefaultValue("./data") Path dataDir, @DefaultValue("1") int replicas) {

    public PanelProperties {
        if (replicas < 1) {
            throw new IllegalArgumentException("etcdpanel.replicas must be at least 1, is " + replicas);
        }
    }

    public Path absoluteDataDir() {
        return dataDir.toAbsolutePath().normalize();
    }
}
