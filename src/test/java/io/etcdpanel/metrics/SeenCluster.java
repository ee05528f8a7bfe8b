package io.etcdpanel.metrics;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import io.etcdpanel.catalogue.ClusterSpec;
import io.etcdpanel.catalogue.ClusterStatus;
import io.etcdpanel.etcd.Alarm;
import io.etcdpanel.etcd.EtcdMember;
import io.etcdpanel.etcd.MemberStatus;
import io.etcdpanel.health.ClusterHealth;
import io.etcdpanel.reconcile.ReconcilePassFinished;
import io.etcdpanel.runtime.MemberInstance;

/** Builds a pass over one cluster as the meters receive it: members that answer or not, alarms, a spec. */
final class SeenCluster {

    private final String name;
    private final List<MemberInstance> instances = new ArrayList<>();
    private final Map<String, MemberStatus> statuses = new HashMap<>();
    private final List<EtcdMember> members = new ArrayList<>();
    private final List<Alarm> alarms = new ArrayList<>();
    private int replicas = 3;
    private long quota = 1L << 30;
    private boolean leaderKnown = true;

    private SeenCluster(String name) {
        this.name = name;
    }

    static SeenCluster named(String name) {
        return new SeenCluster(name);
    }

    /** A voting member that answers with this database size; the first one answering leads. */
    SeenCluster answering(int ordinal, long dbSizeBytes) {
        String leader = statuses.isEmpty() ? id(ordinal) : statuses.values().iterator().next().leaderId();
        add(ordinal, false);
        statuses.put(client(ordinal), new MemberStatus(client(ordinal), id(ordinal), leader, "3.5.21", dbSizeBytes, dbSizeBytes, 2, 10,
                10, false, List.of(), null));
        return this;
    }

    SeenCluster silent(int ordinal) {
        return add(ordinal, false);
    }

    SeenCluster alarm(int ordinal, String type) {
        alarms.add(new Alarm(id(ordinal), type));
        return this;
    }

    SeenCluster replicas(int count) {
        replicas = count;
        return this;
    }

    SeenCluster quota(long bytes) {
        quota = bytes;
        return this;
    }

    /** No member knows a leader: etcd's member list and alarms are unknown. */
    SeenCluster leaderless() {
        leaderKnown = false;
        statuses.replaceAll((endpoint, status) -> new MemberStatus(endpoint, status.id(), "0", status.version(), status.dbSizeBytes(),
                status.dbSizeInUseBytes(), 2, 10, 10, false, List.of(), null));
        return this;
    }

    ClusterHealth health() {
        return leaderKnown ? new ClusterHealth(instances, statuses, members, alarms, null)
                : new ClusterHealth(instances, statuses, null, List.of(), "no member knows a leader");
    }

    ReconcilePassFinished pass() {
        ClusterSpec spec = new ClusterSpec(name, replicas, "3.5.21", "local", "default", ClusterSpec.Storage.DEFAULT,
                ClusterSpec.Resources.DEFAULT, quota);
        return new ReconcilePassFinished(name, spec, Duration.ofMillis(5), false, health(), ClusterStatus.pending());
    }

    private SeenCluster add(int ordinal, boolean learner) {
        String member = name + "-" + ordinal;
        instances.add(new MemberInstance(member, peer(ordinal), client(ordinal), true, true, true, "3.6.17"));
        members.add(new EtcdMember(id(ordinal), member, List.of(peer(ordinal)), List.of(client(ordinal)), learner));
        return this;
    }

    private String id(int ordinal) {
        return Integer.toHexString(name.hashCode() & 0xffff) + ordinal;
    }

    private static String client(int ordinal) {
        return "http://127.0.0.1:" + (3000 + 2 * ordinal);
    }

    private static String peer(int ordinal) {
        return "http://127.0.0.1:" + (3001 + 2 * ordinal);
    }
}
