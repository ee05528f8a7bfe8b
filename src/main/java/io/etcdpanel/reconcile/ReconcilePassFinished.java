package io.etcdpanel.reconcile;

import java.time.Duration;

import io.etcdpanel.catalogue.ClusterStatus;
import io.etcdpanel.health.ClusterHealth;

/** Published after every pass over a cluster, for whoever measures (metrics). */
public record ReconcilePassFinished(String cluster, Duration took, boolean failed, ClusterHealth health, ClusterStatus status) {
}
