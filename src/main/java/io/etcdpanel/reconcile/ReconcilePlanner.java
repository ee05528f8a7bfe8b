package io.etcdpanel.reconcile;

import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.IntStream;

import io.etcdpanel.catalogue.ClusterSpec;
import io.etcdpanel.catalogue.ClusterView;
import io.etcdpanel.etcd.EtcdMember;
import io.etcdpanel.etcd.MemberStatus;
import io.etcdpanel.health.ClusterHealth;
import io.etcdpanel.runtime.MemberInstance;
import io.etcdpanel.runtime.MemberNames;

/**
 * Decides what one pass does, from the spec and one look at the cluster. Pure: no I/O. Its rules,
 * in order: tear down; bootstrap; restart stopped members; repair what an interrupted pass left
 * (a member without a process, a process without a member, a learner never started); then one
 * membership step toward the spec (promote, add a learner, move leadership, remove), never one
 * that would break quorum.
 */
final class ReconcilePlanner {

    /** A learner is promoted once it has applied at least this share of the leader's log. */
    static final double CAUGHT_UP = 0.9;

    private ReconcilePlanner() {
    }

    /** {@code cluster} is the catalogue's view (is it being deleted, and keeping its volumes?); {@code spec} its spec. */
    static Action decide(ClusterView cluster, ClusterHealth health) {
        if (cluster.deleting()) {
            return new Action.TearDown(cluster.keepVolumes());
        }
        return decide(cluster.spec(), health);
    }

    static Action decide(ClusterSpec spec, ClusterHealth health) {
        List<MemberInstance> instances = health.instances();
        if (instances.stream().noneMatch(instance -> instance.hasData() || instance.running())) {
            return new Action.Bootstrap(IntStream.range(0, spec.replicas()).mapToObj(i -> MemberNames.name(spec.name(), i)).toList());
        }
        if (!health.membershipKnown()) {
            List<String> stopped = instances.stream()
                    .filter(instance -> instance.started() && !instance.running() && instance.hasData())
                    .map(MemberInstance::name).toList();
            return stopped.isEmpty() ? new Action.Wait("no member knows a leader yet") : new Action.Restart(stopped);
        }
        return repair(spec, health).orElseGet(() -> step(spec, health));
    }

    private static Optional<Action> repair(ClusterSpec spec, ClusterHealth health) {
        List<String> restart = health.instances().stream()
                .filter(instance -> instance.started() && !instance.running())
                .filter(instance -> health.etcdMemberOf(instance).filter(member -> instance.hasData() || !member.started()).isPresent())
                .map(MemberInstance::name).toList();
        if (!restart.isEmpty()) {
            return Optional.of(new Action.Restart(restart));
        }
        for (MemberInstance instance : health.instances()) {
            Optional<EtcdMember> member = health.etcdMemberOf(instance);
            if (member.isPresent() && member.get().started() && !instance.hasData() && !instance.running()) {
                return Optional.of(guardedRemoval(health, member.get(), instance.name(), "its data is gone; it will be replaced"));
            }
            if (member.isPresent() && !instance.started()) {
                return Optional.of(new Action.StartLearner(instance.name()));
            }
            if (member.isEmpty() && (instance.hasData() || instance.running())) {
                return Optional.of(new Action.DeleteInstance(instance.name(), "etcd no longer counts it as a member"));
            }
            if (member.isEmpty() && !wanted(spec, instance.name(), health)) {
                return Optional.of(new Action.DeleteInstance(instance.name(), "it was planned but is no longer wanted"));
            }
        }
        for (EtcdMember member : health.etcdMembers()) {
            if (health.instanceOf(member).isEmpty()) {
                return Optional.of(guardedRemoval(health, member, member.name(), "no process runs it"));
            }
        }
        return Optional.empty();
    }

    private static Action step(ClusterSpec spec, ClusterHealth health) {
        List<EtcdMember> voters = health.etcdMembers().stream().filter(member -> !member.learner()).toList();
        Optional<EtcdMember> learner = health.etcdMembers().stream().filter(EtcdMember::learner).findFirst();
        if (learner.isPresent()) {
            String name = health.instanceOf(learner.get()).map(MemberInstance::name).orElse(learner.get().name());
            if (voters.size() >= spec.replicas()) {
                return new Action.Remove(name, learner.get().id(), "the spec no longer wants it");
            }
            return caughtUp(health, learner.get())
                    ? guardedPromotion(health, voters, learner.get(), name)
                    : new Action.Wait("waiting for learner " + name + " to catch up with the leader");
        }
        if (voters.size() < spec.replicas()) {
            return plannedInstance(spec, health)
                    .map(name -> (Action) new Action.AddLearner(name))
                    .orElseGet(() -> new Action.AddLearner(MemberNames.firstFree(spec.name(), takenNames(health))));
        }
        if (voters.size() > spec.replicas()) {
            EtcdMember leaving = voters.stream()
                    .max(Comparator.comparingInt(member -> MemberNames.ordinal(spec.name(), member.name()))).orElseThrow();
            MemberStatus leader = health.leaderStatus().orElseThrow();
            if (leaving.id().equals(leader.id())) {
                return voters.stream().filter(member -> member != leaving).filter(health::healthy).findFirst()
                        .<Action>map(target -> new Action.MoveLeader(leaving.name(), target.id(), target.name()))
                        .orElseGet(() -> new Action.Wait("no healthy member to hand leadership to"));
            }
            return guardedRemoval(health, leaving, leaving.name(), "scaling in to " + spec.replicas());
        }
        long unhealthy = voters.stream().filter(member -> !health.healthy(member)).count();
        return unhealthy == 0 ? new Action.Converged() : new Action.Wait(unhealthy + " member(s) do not answer yet");
    }

    /** Removes a member only when the members left still make a quorum of the smaller cluster. */
    private static Action guardedRemoval(ClusterHealth health, EtcdMember member, String name, String why) {
        if (member.learner()) {
            return new Action.Remove(name, member.id(), why);
        }
        List<EtcdMember> voters = health.etcdMembers().stream().filter(candidate -> !candidate.learner()).toList();
        long healthyAfter = voters.stream().filter(candidate -> candidate != member).filter(health::healthy).count();
        if (healthyAfter < ClusterSpec.quorum(voters.size() - 1)) {
            return new Action.Wait("removing " + name + " now would break quorum; waiting for the other members to be healthy");
        }
        return new Action.Remove(name, member.id(), why);
    }

    private static Action guardedPromotion(ClusterHealth health, List<EtcdMember> voters, EtcdMember learner, String name) {
        long healthyAfter = voters.stream().filter(health::healthy).count() + 1;
        if (healthyAfter < ClusterSpec.quorum(voters.size() + 1)) {
            return new Action.Wait("promoting " + name + " now would leave too few healthy voters; waiting");
        }
        return new Action.Promote(name, learner.id());
    }

    private static boolean caughtUp(ClusterHealth health, EtcdMember learner) {
        Optional<MemberStatus> status = health.instanceOf(learner).map(health::statusOf).filter(MemberStatus::answered);
        Optional<MemberStatus> leader = health.leaderStatus();
        return status.isPresent() && leader.isPresent()
                && status.get().raftAppliedIndex() >= CAUGHT_UP * leader.get().raftAppliedIndex();
    }

    /** A member that was allocated but not yet added to etcd (a pass stopped in between) is added first. */
    private static Optional<String> plannedInstance(ClusterSpec spec, ClusterHealth health) {
        return health.instances().stream()
                .filter(instance -> health.etcdMemberOf(instance).isEmpty() && !instance.hasData() && !instance.running())
                .map(MemberInstance::name)
                .filter(name -> wanted(spec, name, health))
                .findFirst();
    }

    private static boolean wanted(ClusterSpec spec, String name, ClusterHealth health) {
        long voters = health.etcdMembers().stream().filter(member -> !member.learner()).count();
        return voters < spec.replicas() && health.etcdMembers().stream().noneMatch(EtcdMember::learner)
                && MemberNames.ordinal(spec.name(), name) >= 0;
    }

    private static Set<String> takenNames(ClusterHealth health) {
        Set<String> taken = new HashSet<>();
        health.instances().forEach(instance -> taken.add(instance.name()));
        health.etcdMembers().forEach(member -> taken.add(member.name()));
        return taken;
    }
}
