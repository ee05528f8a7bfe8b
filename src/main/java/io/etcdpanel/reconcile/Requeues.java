package io.etcdpanel.reconcile;

import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Owns the looks-again at clusters still converging: at most one is pending per cluster (a periodic sweep's
 * pass that ends in progress does not start a second chain of them), each later one after a longer delay
 * ({@link ReconcileProperties#requeueAfter}), counted from the first until the cluster settles.
 */
final class Requeues {

    private final ReconcileProperties properties;
    private final Map<String, Integer> attempts = new ConcurrentHashMap<>();
    private final Set<String> pending = ConcurrentHashMap.newKeySet();

    Requeues(ReconcileProperties properties) {
        this.properties = properties;
    }

    /** The delay of the next look at the cluster, which is now pending; empty when one is pending already. */
    Optional<Duration> next(String cluster) {
        if (!pending.add(cluster)) {
            return Optional.empty();
        }
        int attempt = attempts.merge(cluster, 1, Integer::sum) - 1;
        return Optional.of(properties.requeueAfter(attempt));
    }

    /** The pending look is being taken. */
    void fired(String cluster) {
        pending.remove(cluster);
    }

    /** The cluster converged, failed or went: its next look-again starts quick again. */
    void settled(String cluster) {
        attempts.remove(cluster);
    }
}
