package io.etcdpanel.reconcile;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import io.etcdpanel.catalogue.ClusterSpec;
import io.etcdpanel.etcd.EtcdMember;
import io.etcdpanel.etcd.MemberStatus;
import io.etcdpanel.health.ClusterHealth;
import io.etcdpanel.runtime.MemberInstance;

/** Builds what a pass could observe of cluster "c", member by member, for the decision tests. */
final class Observed {

    private final List<MemberInstance> instances = new ArrayList<>();
    private final Map<String, MemberStatus> statuses = new HashMap<>();
    private final List<EtcdMember> etcdMembers = new ArrayList<>();
    private boolean membershipKnown = true;
    private String leaderId;

    static Observed cluster() {
        return new Observed();
    }

    static ClusterSpec spec(int replicas) {
        return new ClusterSpec("c", replicas, "3.4.23", "local", "default", ClusterSpec.Storage.DEFAULT,
                ClusterSpec.Resources.DEFAULT, ClusterSpec.DEFAULT_QUOTA_BACKEND_BYTES);
    }

    /** A started voting member whose process runs and answers. */
    Observed healthy(int ordinal) {
        return member(ordinal, true, true, true, false, 100);
    }

    Observed leader(int ordinal) {
        healthy(ordinal);
        leaderId = id(ordinal);
        return this;
    }

    /** A voting member whose process runs but does not answer. */
    Observed unhealthy(int ordinal) {
        member(ordinal, true, true, true, false, 0);
        statuses.remove(client(ordinal));
        return this;
    }

    /** A voting member etcd knows whose process is not running, with its data still on disk. */
    Observed stopped(int ordinal) {
        return member(ordinal, true, false, true, false, 0);
    }

    /** A voting member etcd knows, not running, whose data dir is gone. */
    Observed dataLost(int ordinal) {
        return member(ordinal, true, false, false, false, 0);
    }

    Observed learner(int ordinal, long appliedIndex) {
        return member(ordinal, true, true, true, true, appliedIndex);
    }

    /** Added to etcd as a learner, but its process was never started. */
    Observed learnerNeverStarted(int ordinal) {
        instances.add(new MemberInstance(name(ordinal), peer(ordinal), client(ordinal), false, false, false, null));
        etcdMembers.add(new EtcdMember(id(ordinal), "", List.of(peer(ordinal)), List.of(), true));
        return this;
    }

    /** Addresses allocated by the runtime, but never added to etcd nor started. */
    Observed planned(int ordinal) {
        instances.add(new MemberInstance(name(ordinal), peer(ordinal), client(ordinal), false, false, false, null));
        return this;
    }

    /** A process that runs with data but etcd no longer lists (removed before the panel stopped it). */
    Observed removedButRunning(int ordinal) {
        instances.add(new MemberInstance(name(ordinal), peer(ordinal), client(ordinal), true, true, true, "3.6.17"));
        return this;
    }

    /** etcd lists a member the runtime holds nothing for. */
    Observed withoutProcess(int ordinal) {
        etcdMembers.add(new EtcdMember(id(ordinal), name(ordinal), List.of(peer(ordinal)), List.of(client(ordinal)), false));
        return this;
    }

    /** Members the runtime holds that were never started (a bootstrap that was cut short before any start). */
    Observed allocatedOnly(int ordinal) {
        return planned(ordinal);
    }

    /** No member answered as leader, so the member list is unknown. */
    Observed noLeader() {
        membershipKnown = false;
        leaderId = null;
        return this;
    }

    ClusterHealth health() {
        Map<String, MemberStatus> withLeader = new HashMap<>();
        statuses.forEach((endpoint, status) -> withLeader.put(endpoint, new MemberStatus(endpoint, status.id(),
                leaderId == null ? "0" : leaderId, "3.4.23", 20480, 16384, 2, 100, status.raftAppliedIndex(), status.learner(),
                List.of(), null)));
        return new ClusterHealth(List.copyOf(instances), withLeader, membershipKnown ? List.copyOf(etcdMembers) : null, List.of(),
                membershipKnown ? null : "no member knows a leader");
    }

    private Observed member(int ordinal, boolean started, boolean running, boolean hasData, boolean learner, long applied) {
        instances.add(new MemberInstance(name(ordinal), peer(ordinal), client(ordinal), running, hasData, started, started ? "3.6.17" : null));
        etcdMembers.add(new EtcdMember(id(ordinal), name(ordinal), List.of(peer(ordinal)), List.of(client(ordinal)), learner));
        if (running) {
            statuses.put(client(ordinal), new MemberStatus(client(ordinal), id(ordinal), null, "3.4.23", 0, 0, 0, 0, applied,
                    learner, List.of(), null));
        }
        return this;
    }

    static String name(int ordinal) {
        return "c-" + ordinal;
    }

    static String id(int ordinal) {
        return "a" + ordinal;
    }

    private static String peer(int ordinal) {
        return "http://127.0.0.1:" + (2000 + 2 * ordinal + 1);
    }

    private static String client(int ordinal) {
        return "http://127.0.0.1:" + (2000 + 2 * ordinal);
    }
}
