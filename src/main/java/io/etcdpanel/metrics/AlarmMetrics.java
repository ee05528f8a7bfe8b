package io.etcdpanel.metrics;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.etcdpanel.catalogue.ClusterRemoved;
import io.etcdpanel.health.ClusterHealth;
import io.etcdpanel.health.MemberHealth;
import io.etcdpanel.reconcile.ReconcilePassFinished;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.MultiGauge;
import io.micrometer.core.instrument.Tags;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/** Owns the alarm meter: 1 for each alarm etcd has raised on a member, 0 for each it has not, as the latest pass saw them. */
@Component
class AlarmMetrics {

    /** The alarms etcd raises (etcdserverpb.AlarmType apart from NONE); each member always has a row for each. */
    static final List<String> ALARMS = List.of("NOSPACE", "CORRUPT");

    private final LatestRows alarms;

    AlarmMetrics(MeterRegistry registry) {
        this.alarms = new LatestRows(MultiGauge.builder("etcdpanel.member.alarm")
                .description("1 when etcd has raised this alarm (NOSPACE, CORRUPT) on the member; shown while the cluster has a leader")
                .register(registry));
    }

    @EventListener
    void onPass(ReconcilePassFinished pass) {
        alarms.show(pass.cluster(), rows(pass.cluster(), pass.health()));
    }

    @EventListener
    void onRemoved(ClusterRemoved removed) {
        alarms.forget(removed.cluster());
    }

    /** Only the leader can say which alarms are raised: without one the cluster has no rows rather than rows that say 0. */
    static Map<Tags, Integer> rows(String cluster, ClusterHealth health) {
        Map<Tags, Integer> rows = new LinkedHashMap<>();
        if (!health.membershipKnown()) {
            return rows;
        }
        for (MemberHealth member : health.members()) {
            if (member.name().isEmpty()) {
                continue;
            }
            for (String alarm : ALARMS) {
                rows.put(Tags.of("cluster", cluster, "member", member.name(), "alarm", alarm), member.alarms().contains(alarm) ? 1 : 0);
            }
        }
        return rows;
    }
}
