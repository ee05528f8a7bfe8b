package io.etcdpanel.metrics;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import io.etcdpanel.events.EventRecorded;
import io.etcdpanel.health.HealthChecked;
import io.etcdpanel.health.MemberHealth;
import io.etcdpanel.reconcile.ClusterRemoved;
import io.etcdpanel.reconcile.ReconcilePassFinished;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.MultiGauge;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/**
 * Owns the panel's Prometheus meters; it listens to passes and events, and nothing depends on it.
 * Gauge rows hold their values through suppliers: a gauge keeps only a weak reference to a plain number.
 */
@Component
class ClusterMetrics {

    private final MeterRegistry registry;
    private final Timer reconcileTimer;
    private final Timer sweepTimer;
    private final Timer probeTimer;
    private final MultiGauge hasLeader;
    private final MultiGauge members;
    private final MultiGauge dbSize;
    private final Map<String, ReconcilePassFinished> latest = new ConcurrentHashMap<>();

    ClusterMetrics(MeterRegistry registry) {
        this.registry = registry;
        this.reconcileTimer = Timer.builder("etcdpanel.reconcile").description("time one reconcile pass over one cluster takes")
                .register(registry);
        this.sweepTimer = Timer.builder("etcdpanel.health.sweep").description("time one health sweep over every cluster takes")
                .register(registry);
        this.probeTimer = Timer.builder("etcdpanel.member.probe").description("round trip of one member status call")
                .register(registry);
        this.hasLeader = MultiGauge.builder("etcdpanel.cluster.has.leader").description("1 when the cluster has a leader")
                .register(registry);
        this.members = MultiGauge.builder("etcdpanel.cluster.members")
                .description("members by state: ready (voting, answering), unhealthy (voting, not answering), learner")
                .register(registry);
        this.dbSize = MultiGauge.builder("etcdpanel.member.db.size").baseUnit("bytes").description("database size of each member")
                .register(registry);
    }

    @EventListener
    void onPass(ReconcilePassFinished pass) {
        reconcileTimer.record(pass.took());
        Counter errors = reconcileErrors(pass.cluster());
        if (pass.failed()) {
            errors.increment();
        }
        leaderChanges(pass.cluster());
        latest.put(pass.cluster(), pass);
        publishGauges();
    }

    @EventListener
    void onHealthChecked(HealthChecked checked) {
        checked.probeRoundTrips().forEach(probeTimer::record);
        if (checked.sweep()) {
            sweepTimer.record(checked.took());
        }
    }

    @EventListener
    void onRemoved(ClusterRemoved removed) {
        latest.remove(removed.cluster());
        publishGauges();
    }

    @EventListener
    void onEvent(EventRecorded event) {
        if ("LeaderChanged".equals(event.reason())) {
            leaderChanges(event.cluster()).increment();
        }
    }

    private Counter leaderChanges(String cluster) {
        return Counter.builder("etcdpanel.cluster.leader.changes").description("leader changes seen by the panel")
                .tag("cluster", cluster).register(registry);
    }

    private Counter reconcileErrors(String cluster) {
        return Counter.builder("etcdpanel.reconcile.errors").description("reconcile passes that failed").tag("cluster", cluster)
                .register(registry);
    }

    private synchronized void publishGauges() {
        List<MultiGauge.Row<?>> leaderRows = new ArrayList<>();
        List<MultiGauge.Row<?>> memberRows = new ArrayList<>();
        List<MultiGauge.Row<?>> sizeRows = new ArrayList<>();
        latest.forEach((cluster, pass) -> {
            int hasLeader = pass.health().hasLeader() ? 1 : 0;
            leaderRows.add(MultiGauge.Row.of(Tags.of("cluster", cluster), () -> hasLeader));
            List<MemberHealth> rows = pass.health().members();
            long learners = rows.stream().filter(MemberHealth::learner).count();
            long ready = rows.stream().filter(member -> !member.learner() && member.healthy()).count();
            long unhealthy = rows.stream().filter(member -> !member.learner() && !member.healthy()).count();
            memberRows.add(MultiGauge.Row.of(Tags.of("cluster", cluster, "state", "ready"), () -> ready));
            memberRows.add(MultiGauge.Row.of(Tags.of("cluster", cluster, "state", "unhealthy"), () -> unhealthy));
            memberRows.add(MultiGauge.Row.of(Tags.of("cluster", cluster, "state", "learner"), () -> learners));
            rows.stream().filter(MemberHealth::healthy).forEach(member -> sizeRows.add(
                    MultiGauge.Row.of(Tags.of("cluster", cluster, "member", member.name()), member::dbSizeBytes)));
        });
        hasLeader.register(leaderRows, true);
        members.register(memberRows, true);
        dbSize.register(sizeRows, true);
    }
}
