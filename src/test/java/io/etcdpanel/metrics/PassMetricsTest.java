package io.etcdpanel.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import io.etcdpanel.catalogue.ClusterRemoved;
import io.micrometer.core.instrument.search.Search;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;

/** What a pass shows on the cluster, desired-state and alarm meters, and that a removed cluster's rows go. */
class PassMetricsTest {

    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private final ClusterMetrics clusters = new ClusterMetrics(registry);
    private final DesiredMetrics desired = new DesiredMetrics(registry);
    private final AlarmMetrics alarms = new AlarmMetrics(registry);

    private void pass(SeenCluster cluster) {
        clusters.onPass(cluster.pass());
        desired.onPass(cluster.pass());
        alarms.onPass(cluster.pass());
    }

    private double gauge(String name, String... tags) {
        return registry.get(name).tags(tags).gauge().value();
    }

    @Test
    void aPassShowsLeaderMembersByStateDesiredMembersQuotaAndSizes() {
        pass(SeenCluster.named("orders").answering(0, 4096).answering(1, 8192).silent(2).replicas(5).quota(1 << 20));

        assertThat(gauge("etcdpanel.cluster.has.leader", "cluster", "orders")).isEqualTo(1);
        assertThat(gauge("etcdpanel.cluster.members", "cluster", "orders", "state", "ready")).isEqualTo(2);
        assertThat(gauge("etcdpanel.cluster.members", "cluster", "orders", "state", "unhealthy")).isEqualTo(1);
        assertThat(gauge("etcdpanel.cluster.desired.members", "cluster", "orders")).isEqualTo(5);
        assertThat(gauge("etcdpanel.cluster.quota", "cluster", "orders")).isEqualTo(1 << 20);
        assertThat(gauge("etcdpanel.member.db.size", "cluster", "orders", "member", "orders-1")).isEqualTo(8192);
        assertThat(Search.in(registry).name("etcdpanel.member.db.size").tag("member", "orders-2").gauges())
                .as("a member that does not answer has no size").isEmpty();
    }

    @Test
    void eachMemberHasARowForEveryAlarmAndOnlyARaisedOneIsOne() {
        pass(SeenCluster.named("full").answering(0, 1).answering(1, 1).alarm(1, "NOSPACE"));

        assertThat(gauge("etcdpanel.member.alarm", "cluster", "full", "member", "full-1", "alarm", "NOSPACE")).isEqualTo(1);
        assertThat(gauge("etcdpanel.member.alarm", "cluster", "full", "member", "full-0", "alarm", "NOSPACE")).isZero();
        assertThat(gauge("etcdpanel.member.alarm", "cluster", "full", "member", "full-1", "alarm", "CORRUPT")).isZero();
    }

    @Test
    void withoutALeaderTheClusterHasNoAlarmRowsRatherThanRowsThatSayZero() {
        pass(SeenCluster.named("full").answering(0, 1).alarm(0, "NOSPACE"));
        pass(SeenCluster.named("full").answering(0, 1).leaderless());

        assertThat(Search.in(registry).name("etcdpanel.member.alarm").gauges()).isEmpty();
        assertThat(gauge("etcdpanel.cluster.has.leader", "cluster", "full")).isZero();
    }

    @Test
    void rowsFollowTheLatestPassAndARemovedClusterLeavesNoRows() {
        pass(SeenCluster.named("a").answering(0, 10).answering(1, 10));
        pass(SeenCluster.named("b").answering(0, 10));
        pass(SeenCluster.named("a").answering(0, 20).replicas(1));

        assertThat(gauge("etcdpanel.member.db.size", "cluster", "a", "member", "a-0")).isEqualTo(20);
        assertThat(Search.in(registry).name("etcdpanel.member.db.size").tag("cluster", "a").gauges()).hasSize(1);
        assertThat(gauge("etcdpanel.cluster.desired.members", "cluster", "a")).isEqualTo(1);

        ClusterRemoved removed = new ClusterRemoved("a");
        clusters.onRemoved(removed);
        desired.onRemoved(removed);
        alarms.onRemoved(removed);

        assertThat(Search.in(registry).tag("cluster", "a").gauges()).isEmpty();
        assertThat(gauge("etcdpanel.cluster.has.leader", "cluster", "b")).isEqualTo(1);
    }
}
