package io.etcdpanel.reconcile;

import java.time.Duration;

import io.etcdpanel.catalogue.ClusterSpec;
import io.etcdpanel.catalogue.ClusterStatus;
import io.etcdpanel.health.ClusterHealth;

/** Published after every pass over a cluster, for whoever measures (metrics): the spec it worked to, what it saw and concluded. */
public record ReconcilePassFinished(String cluster, ClusterSpec spec, Duration took, boolean failed, ClusterHealth health, ClusterStatus status) {
}
