package io.etcdpanel.reconcile;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/** Owns how often clusters are reconciled and how many at once. */
@ConfigurationProperties("etcdpanel.reconcile")
public record ReconcileProperties(
        @DefaultValue("10s") Duration interval,
        @DefaultValue("500ms") Duration requeueDelay,
        @DefaultValue("4") int workers) {
}
