package io.etcdpanel.reconcile;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Supplier;

import io.etcdpanel.catalogue.ClusterSpec;
import io.etcdpanel.etcd.EtcdCallFailed;
import io.etcdpanel.etcd.EtcdClients;
import io.etcdpanel.etcd.EtcdMember;
import io.etcdpanel.etcd.Membership;
import io.etcdpanel.events.EventLog;
import io.etcdpanel.health.ClusterHealth;
import io.etcdpanel.runtime.ClusterRuntime;
import io.etcdpanel.runtime.JoinPlan;
import io.etcdpanel.runtime.MemberInstance;
import io.etcdpanel.runtime.Runtimes;
import org.springframework.stereotype.Component;

/**
 * Carries out what the planner decided, in a crash-safe order: a new member is given its
 * addresses, then added to etcd, then started; a leaving member is removed from etcd, then stopped
 * and deleted. Every step it takes is recorded as an event.
 */
@Component
class ActionExecutor {

    private final Runtimes runtimes;
    private final Membership membership;
    private final EtcdClients clients;
    private final EventLog events;

    ActionExecutor(Runtimes runtimes, Membership membership, EtcdClients clients, EventLog events) {
        this.runtimes = runtimes;
        this.membership = membership;
        this.clients = clients;
        this.events = events;
    }

    /** Carries the action out and ends the pass on the runtime; returns what of the runtime has not settled yet, if anything. */
    Optional<String> execute(Action action, ClusterSpec spec, ClusterHealth health) {
        ClusterRuntime runtime = runtimes.get(spec.runtime());
        String cluster = spec.name();
        if (action instanceof Action.Bootstrap bootstrap) {
            bootstrap(runtime, spec, bootstrap.members());
        } else if (action instanceof Action.Restart restart) {
            restart.members().forEach(member -> runtime.restart(spec, member));
        } else if (action instanceof Action.AddLearner add) {
            MemberInstance instance = runtime.allocate(spec, add.member());
            EtcdMember added = deferIf("unhealthy cluster", "etcd wants every member connected for a few seconds before "
                    + add.member() + " joins", () -> membership.addLearner(leaderEndpoint(health), instance.peerUrl()));
            events.normal(cluster, "MemberAdded", add.member() + " joined etcd as learner " + added.id(), EventLog.SYSTEM);
            runtime.start(spec, add.member(), joinExisting(spec, health, instance));
        } else if (action instanceof Action.StartLearner start) {
            MemberInstance instance = instanceNamed(runtime, spec, start.member());
            runtime.start(spec, start.member(), joinExisting(spec, health, instance));
            events.normal(cluster, "LearnerStarted", "started learner " + start.member(), EventLog.SYSTEM);
        } else if (action instanceof Action.Promote promote) {
            promote(spec, health, promote);
        } else if (action instanceof Action.MoveLeader move) {
            membership.moveLeader(leaderEndpoint(health), move.toId());
            events.normal(cluster, "LeadershipMoved", move.describe(), EventLog.SYSTEM);
        } else if (action instanceof Action.Remove remove) {
            membership.remove(leaderEndpoint(health), remove.memberId());
            events.normal(cluster, "MemberRemoved", remove.describe(), EventLog.SYSTEM);
            health.instances().stream().filter(instance -> instance.name().equals(remove.member())).findFirst()
                    .ifPresent(instance -> deleteInstance(runtime, spec, instance));
        } else if (action instanceof Action.DeleteInstance delete) {
            deleteInstance(runtime, spec, instanceNamed(runtime, spec, delete.member()));
            events.normal(cluster, "MemberDeleted", delete.describe(), EventLog.SYSTEM);
        } else if (action instanceof Action.TearDown) {
            throw new IllegalArgumentException("a teardown is carried out by tearDown, which says what it kept");
        }
        return runtime.converge(spec);
    }

    /** Deletes everything the runtime holds for the cluster, its volumes apart when asked; returns what was kept, or null. */
    String tearDown(Action.TearDown teardown, ClusterSpec spec, ClusterHealth health) {
        String kept = runtimes.get(spec.runtime()).deleteAll(spec, teardown.keepVolumes());
        clients.forget(health.instances().stream().map(MemberInstance::clientUrl).toList());
        return kept;
    }

    private void bootstrap(ClusterRuntime runtime, ClusterSpec spec, List<String> members) {
        runtime.instances(spec).forEach(leftover -> runtime.delete(spec, leftover.name()));
        Map<String, String> initialCluster = new LinkedHashMap<>();
        Map<String, MemberInstance> instances = new HashMap<>();
        for (String member : members) {
            MemberInstance instance = runtime.allocate(spec, member);
            instances.put(member, instance);
            initialCluster.put(member, instance.peerUrl());
        }
        JoinPlan plan = new JoinPlan(initialCluster, true, spec.name() + "-" + UUID.randomUUID().toString().substring(0, 8));
        members.forEach(member -> runtime.start(spec, member, plan));
        events.normal(spec.name(), "Bootstrapped", "started " + String.join(", ", members) + " as a new cluster", EventLog.SYSTEM);
    }

    private void promote(ClusterSpec spec, ClusterHealth health, Action.Promote promote) {
        deferIf("in sync", promote.member() + " has not caught up with the leader yet", () -> {
            membership.promote(leaderEndpoint(health), promote.memberId());
            return promote;
        });
        events.normal(spec.name(), "MemberPromoted", promote.member() + " is a voting member now", EventLog.SYSTEM);
    }

    /** Runs an etcd call; a refusal whose message contains {@code refusal} means "not yet", not failure. */
    private static <T> T deferIf(String refusal, String reason, Supplier<T> step) {
        try {
            return step.get();
        } catch (EtcdCallFailed e) {
            if (e.getMessage() != null && e.getMessage().contains(refusal)) {
                throw new StepDeferred(reason);
            }
            throw e;
        }
    }

    private void deleteInstance(ClusterRuntime runtime, ClusterSpec spec, MemberInstance instance) {
        runtime.delete(spec, instance.name());
        clients.forget(List.of(instance.clientUrl()));
    }

    /** How a member joins a running cluster: every started member, and itself. */
    private static JoinPlan joinExisting(ClusterSpec spec, ClusterHealth health, MemberInstance joining) {
        Map<String, String> initialCluster = new LinkedHashMap<>();
        health.etcdMembers().stream().filter(EtcdMember::started)
                .forEach(member -> initialCluster.put(member.name(), member.peerUrls().get(0)));
        initialCluster.put(joining.name(), joining.peerUrl());
        return new JoinPlan(initialCluster, false, spec.name());
    }

    private static String leaderEndpoint(ClusterHealth health) {
        return health.leaderStatus().orElseThrow(() -> new IllegalStateException("no leader to ask")).endpoint();
    }

    private static MemberInstance instanceNamed(ClusterRuntime runtime, ClusterSpec spec, String member) {
        return runtime.instances(spec).stream().filter(instance -> instance.name().equals(member)).findFirst()
                .orElseThrow(() -> new IllegalStateException("the runtime holds no member " + member));
    }
}
