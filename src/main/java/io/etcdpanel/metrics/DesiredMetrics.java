package io.etcdpanel.metrics;

import java.util.Map;

import io.etcdpanel.catalogue.ClusterRemoved;
import io.etcdpanel.catalogue.ClusterSpec;
import io.etcdpanel.reconcile.ReconcilePassFinished;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.MultiGauge;
import io.micrometer.core.instrument.Tags;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/** Owns the meters of what each cluster is asked to be: its voting members and its backend quota, from the spec of its latest pass. */
@Component
class DesiredMetrics {

    private final LatestRows desiredMembers;
    private final LatestRows quota;

    DesiredMetrics(MeterRegistry registry) {
        this.desiredMembers = new LatestRows(MultiGauge.builder("etcdpanel.cluster.desired.members")
                .description("voting members the cluster's spec asks for").register(registry));
        this.quota = new LatestRows(MultiGauge.builder("etcdpanel.cluster.quota").baseUnit("bytes")
                .description("backend quota of each member of the cluster (quota-backend-bytes); past it etcd raises NOSPACE")
                .register(registry));
    }

    @EventListener
    void onPass(ReconcilePassFinished pass) {
        ClusterSpec spec = pass.spec();
        Tags cluster = Tags.of("cluster", pass.cluster());
        desiredMembers.show(pass.cluster(), Map.of(cluster, spec.replicas()));
        quota.show(pass.cluster(), Map.of(cluster, quotaOf(spec)));
    }

    @EventListener
    void onRemoved(ClusterRemoved removed) {
        desiredMembers.forget(removed.cluster());
        quota.forget(removed.cluster());
    }

    /** The quota members really run with: a spec without one gets etcd's default. */
    static long quotaOf(ClusterSpec spec) {
        return spec.quotaBackendBytes() > 0 ? spec.quotaBackendBytes() : ClusterSpec.DEFAULT_QUOTA_BACKEND_BYTES;
    }
}
