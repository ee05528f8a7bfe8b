package io.etcdpanel.metrics;

import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import io.etcdpanel.events.EventRecorded;
import io.etcdpanel.health.ClusterHealth;
import io.etcdpanel.health.HealthChecked;
import io.etcdpanel.health.MemberHealth;
import io.etcdpanel.catalogue.ClusterRemoved;
import io.etcdpanel.reconcile.ReconcilePassFinished;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.MultiGauge;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/**
 * Owns the meters of what passes and sweeps saw: leader, members by state, database sizes, leader changes, reconcile
 * and sweep timings. It listens to passes and events, and nothing depends on it.
 */
@Component
class ClusterMetrics {

    private final MeterRegistry registry;
    private final Timer reconcileTimer;
    private final Timer sweepTimer;
    private final Timer sweepProbeTimer;
    private final Timer clusterProbeTimer;
    private final LatestRows hasLeader;
    private final LatestRows members;
    private final LatestRows dbSize;

    ClusterMetrics(MeterRegistry registry) {
        this.registry = registry;
        this.reconcileTimer = Timer.builder("etcdpanel.reconcile").description("time one reconcile pass over one cluster takes")
                .register(registry);
        this.sweepTimer = Timer.builder("etcdpanel.health.sweep").description("time one health sweep over every cluster takes")
                .register(registry);
        this.sweepProbeTimer = probeTimer("sweep", registry);
        this.clusterProbeTimer = probeTimer("cluster", registry);
        this.hasLeader = new LatestRows(MultiGauge.builder("etcdpanel.cluster.has.leader").description("1 when the cluster has a leader")
                .register(registry));
        this.members = new LatestRows(MultiGauge.builder("etcdpanel.cluster.members")
                .description("members by state: ready (voting, answering), unhealthy (voting, not answering), learner")
                .register(registry));
        this.dbSize = new LatestRows(MultiGauge.builder("etcdpanel.member.db.size").baseUnit("bytes")
                .description("database size of each member").register(registry));
    }

    @EventListener
    void onPass(ReconcilePassFinished pass) {
        reconcileTimer.record(pass.took());
        Counter errors = reconcileErrors(pass.cluster());
        if (pass.failed()) {
            errors.increment();
        }
        leaderChanges(pass.cluster());
        show(pass.cluster(), pass.health());
    }

    @EventListener
    void onHealthChecked(HealthChecked checked) {
        checked.probeRoundTrips().forEach(checked.sweep() ? sweepProbeTimer::record : clusterProbeTimer::record);
        if (checked.sweep()) {
            sweepTimer.record(checked.took());
        }
    }

    @EventListener
    void onRemoved(ClusterRemoved removed) {
        hasLeader.forget(removed.cluster());
        members.forget(removed.cluster());
        dbSize.forget(removed.cluster());
    }

    @EventListener
    void onEvent(EventRecorded event) {
        if ("LeaderChanged".equals(event.reason())) {
            leaderChanges(event.cluster()).increment();
        }
    }

    /** Probe round trips, apart for a sweep of every cluster and for a look at one cluster (its members only). */
    private static Timer probeTimer(String look, MeterRegistry registry) {
        return Timer.builder("etcdpanel.member.probe").description("round trip of one member status call").tag("look", look)
                .register(registry);
    }

    private Counter leaderChanges(String cluster) {
        return Counter.builder("etcdpanel.cluster.leader.changes").description("leader changes seen by the panel")
                .tag("cluster", cluster).register(registry);
    }

    private Counter reconcileErrors(String cluster) {
        return Counter.builder("etcdpanel.reconcile.errors").description("reconcile passes that failed").tag("cluster", cluster)
                .register(registry);
    }

    private void show(String cluster, ClusterHealth health) {
        List<MemberHealth> rows = health.members();
        Tags tags = Tags.of("cluster", cluster);
        hasLeader.show(cluster, Map.of(tags, health.hasLeader() ? 1 : 0));
        members.show(cluster, Map.of(
                tags.and("state", "ready"), rows.stream().filter(member -> !member.learner() && member.healthy()).count(),
                tags.and("state", "unhealthy"), rows.stream().filter(member -> !member.learner() && !member.healthy()).count(),
                tags.and("state", "learner"), rows.stream().filter(MemberHealth::learner).count()));
        dbSize.show(cluster, rows.stream().filter(MemberHealth::healthy).collect(Collectors.toMap(
                member -> tags.and("member", member.name()), MemberHealth::dbSizeBytes, (left, right) -> left)));
    }
}
