package io.etcdpanel.metrics;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
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
 * Owns the panel's Prometheus meters; it listens to passes and events, and nothing depends on it.
 * Gauge rows read the latest pass through suppliers (a gauge keeps only a weak reference to a plain number).
 */
@Component
class ClusterMetrics {

    private final MeterRegistry registry;
    private final Timer reconcileTimer;
    private final Timer sweepTimer;
    private final Timer sweepProbeTimer;
    private final Timer clusterProbeTimer;
    private final MultiGauge hasLeader;
    private final MultiGauge members;
    private final MultiGauge dbSize;
    private final Map<String, Reading> latest = new ConcurrentHashMap<>();
    private List<String> registeredMembers = List.of();
    private List<String> registeredClusters = List.of();

    ClusterMetrics(MeterRegistry registry) {
        this.registry = registry;
        this.reconcileTimer = Timer.builder("etcdpanel.reconcile").description("time one reconcile pass over one cluster takes")
                .register(registry);
        this.sweepTimer = Timer.builder("etcdpanel.health.sweep").description("time one health sweep over every cluster takes")
                .register(registry);
        this.sweepProbeTimer = probeTimer("sweep", registry);
        this.clusterProbeTimer = probeTimer("cluster", registry);
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
        latest.put(pass.cluster(), Reading.of(pass.health()));
        publishGauges();
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
        latest.remove(removed.cluster());
        publishGauges();
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

    /** Re-registers the gauge rows only when the set of clusters or members changed; the rows read the latest pass. */
    private synchronized void publishGauges() {
        List<String> shape = latest.entrySet().stream()
                .flatMap(entry -> entry.getValue().dbSizes().keySet().stream().map(member -> entry.getKey() + "/" + member))
                .sorted().toList();
        List<String> clusters = latest.keySet().stream().sorted().toList();
        if (shape.equals(registeredMembers) && clusters.equals(registeredClusters)) {
            return;
        }
        registeredMembers = shape;
        registeredClusters = clusters;
        List<MultiGauge.Row<?>> leaderRows = new ArrayList<>();
        List<MultiGauge.Row<?>> memberRows = new ArrayList<>();
        List<MultiGauge.Row<?>> sizeRows = new ArrayList<>();
        for (String cluster : clusters) {
            leaderRows.add(MultiGauge.Row.of(Tags.of("cluster", cluster), () -> value(cluster, reading -> reading.hasLeader() ? 1 : 0)));
            memberRows.add(MultiGauge.Row.of(Tags.of("cluster", cluster, "state", "ready"), () -> value(cluster, Reading::ready)));
            memberRows.add(MultiGauge.Row.of(Tags.of("cluster", cluster, "state", "unhealthy"), () -> value(cluster, Reading::unhealthy)));
            memberRows.add(MultiGauge.Row.of(Tags.of("cluster", cluster, "state", "learner"), () -> value(cluster, Reading::learners)));
        }
        for (String clusterAndMember : shape) {
            String cluster = clusterAndMember.substring(0, clusterAndMember.indexOf('/'));
            String member = clusterAndMember.substring(clusterAndMember.indexOf('/') + 1);
            sizeRows.add(MultiGauge.Row.of(Tags.of("cluster", cluster, "member", member),
                    () -> value(cluster, reading -> reading.dbSizes().getOrDefault(member, 0L))));
        }
        hasLeader.register(leaderRows, true);
        members.register(memberRows, true);
        dbSize.register(sizeRows, true);
    }

    private Number value(String cluster, Function<Reading, Number> read) {
        Reading reading = latest.get(cluster);
        return reading == null ? Double.NaN : read.apply(reading);
    }

    /** What the gauges show of one cluster, worked out once per pass. */
    private record Reading(boolean hasLeader, long ready, long unhealthy, long learners, Map<String, Long> dbSizes) {

        static Reading of(ClusterHealth health) {
            List<MemberHealth> rows = health.members();
            return new Reading(health.hasLeader(),
                    rows.stream().filter(member -> !member.learner() && member.healthy()).count(),
                    rows.stream().filter(member -> !member.learner() && !member.healthy()).count(),
                    rows.stream().filter(MemberHealth::learner).count(),
                    rows.stream().filter(MemberHealth::healthy)
                            .collect(Collectors.toMap(MemberHealth::name, MemberHealth::dbSizeBytes, (left, right) -> left)));
        }
    }
}
