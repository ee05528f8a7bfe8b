package io.etcdpanel.restore;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Owns how long a restore may take: each member's data dir laid down by etcd's tool within
 * {@code toolTimeout}, the restored members up with a leader within {@code healthyTimeout}; and by
 * how much revisions move on ({@code bumpRevision}, 0 for never) where the tool can bump them.
 */
@ConfigurationProperties("etcdpanel.restore")
public record RestoreProperties(
        @DefaultValue("5m") Duration toolTimeout,
        @DefaultValue("3m") Duration healthyTimeout,
        @DefaultValue("1000000000") long bumpRevision) {
}
