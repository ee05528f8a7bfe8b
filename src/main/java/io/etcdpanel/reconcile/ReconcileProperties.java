package io.etcdpanel.reconcile;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Owns how often clusters are reconciled and how many at once. A cluster still converging is looked
 * at again after {@code requeueDelay}, {@code quickRequeues} times, then ever more slowly up to
 * {@code requeueMaxDelay}, so a cluster that waits for long does not keep the panel busy. A restore
 * that takes hold of a cluster waits up to {@code passTimeout} for a pass already running to end.
 */
@ConfigurationProperties("etcdpanel.reconcile")
public record ReconcileProperties(
        @DefaultValue("10s") Duration interval,
        @DefaultValue("100ms") Duration requeueDelay,
        @DefaultValue("20") int quickRequeues,
        @DefaultValue("5s") Duration requeueMaxDelay,
        @DefaultValue("4") int workers,
        @DefaultValue("2m") Duration passTimeout) {

    /** The delay before the n-th look again (from 0) at a cluster that is still converging. */
    public Duration requeueAfter(int attempt) {
        if (attempt < quickRequeues) {
            return requeueDelay;
        }
        long doubled = requeueDelay.toMillis() << Math.min(attempt - quickRequeues + 1, 16);
        return Duration.ofMillis(Math.min(doubled, requeueMaxDelay.toMillis()));
    }
}
