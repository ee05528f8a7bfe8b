package io.etcdpanel.backup;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/** Owns how long a backup already running at shutdown has to finish before it is cancelled. */
@ConfigurationProperties("etcdpanel.shutdown")
public record ShutdownProperties(@DefaultValue("30s") Duration grace) {
}
