package io.etcdpanel.reconcile;

import java.util.List;

import io.etcdpanel.catalogue.ClusterSpec;
import io.etcdpanel.catalogue.ClusterStatus;
import io.etcdpanel.catalogue.Condition;
import io.etcdpanel.catalogue.Phase;
import io.etcdpanel.etcd.EtcdMember;
import io.etcdpanel.etcd.MemberStatus;
import io.etcdpanel.health.ClusterHealth;

/** Turns one look at a cluster and the pass's decision into the phase, counts and conditions users see. Pure. */
final class StatusCalculator {

    private StatusCalculator() {
    }

    static ClusterStatus status(ClusterSpec spec, long generation, Phase previous, ClusterHealth health, Action action,
            String error, Condition backupHealthy) {
        List<EtcdMember> voters = health.membershipKnown()
                ? health.etcdMembers().stream().filter(member -> !member.learner()).toList() : List.of();
        int votingCount = health.membershipKnown() ? voters.size() : spec.replicas();
        int ready = (int) voters.stream().filter(health::healthy).count();
        int members = health.membershipKnown() ? health.etcdMembers().size() : health.instances().size();
        boolean hasLeader = health.hasLeader();
        boolean quorum = hasLeader && ready >= ClusterSpec.quorum(votingCount);
        boolean membershipMatches = health.membershipKnown() && votingCount == spec.replicas() && members == spec.replicas();
        boolean reconciled = error == null && action.converged();

        long answering = health.statusByEndpoint().values().stream().filter(MemberStatus::answered).count();
        boolean quorumAnswers = answering >= ClusterSpec.quorum(votingCount);
        Phase phase = phase(previous, hasLeader, quorumAnswers, membershipMatches, ready == votingCount);
        String message = error != null ? error : action.converged() ? null : action.describe();
        if (!hasLeader && error == null && phase != Phase.Creating) {
            message = (quorumAnswers ? "electing a leader: " : "quorum lost: ") + answering + " of " + votingCount
                    + " members answer; " + action.describe();
        }
        List<Condition> conditions = List.of(
                Condition.of(Condition.AVAILABLE, hasLeader, hasLeader ? "LeaderElected" : "NoLeader",
                        hasLeader ? "the cluster has a leader and serves requests" : "no member knows a leader"),
                Condition.of(Condition.QUORUM, quorum, quorum ? "QuorumHealthy" : "QuorumAtRisk",
                        ready + " of " + votingCount + " voting members are healthy; quorum is " + ClusterSpec.quorum(votingCount)),
                Condition.of(Condition.RECONCILED, reconciled, reconciled ? "Converged" : error != null ? "Error" : "InProgress",
                        reconciled ? "the cluster matches generation " + generation : message),
                backupHealthy);
        long dbSize = health.leaderStatus().map(MemberStatus::dbSizeBytes).orElse(0L);
        return new ClusterStatus(phase, generation, ready, members, health.leaderStatus().map(MemberStatus::id).orElse(null),
                health.leaderName().orElse(null), message, dbSize, conditions);
    }

    private static Phase phase(Phase previous, boolean hasLeader, boolean quorumAnswers, boolean membershipMatches,
            boolean allReady) {
        if (!hasLeader) {
            if (previous == Phase.Pending || previous == Phase.Creating) {
                return Phase.Creating;
            }
            return quorumAnswers ? Phase.Degraded : Phase.Failed;
        }
        if (!membershipMatches) {
            return previous == Phase.Creating ? Phase.Creating : Phase.Scaling;
        }
        return allReady ? Phase.Running : Phase.Degraded;
    }
}
