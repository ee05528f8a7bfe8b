package io.etcdpanel.config;

import java.nio.file.Path;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/** Owns the panel-wide settings: where the database, member data and logs live. */
@ConfigurationProperties("etcdpanel")
public record PanelProperties(@DefaultValue("./data") Path dataDir) {

    public Path absoluteDataDir() {
        return dataDir.toAbsolutePath().normalize();
    }
}
