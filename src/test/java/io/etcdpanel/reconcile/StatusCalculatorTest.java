package io.etcdpanel.reconcile;

import static io.etcdpanel.reconcile.Observed.cluster;
import static io.etcdpanel.reconcile.Observed.spec;
import static org.assertj.core.api.Assertions.assertThat;

import io.etcdpanel.catalogue.ClusterStatus;
import io.etcdpanel.catalogue.Condition;
import io.etcdpanel.catalogue.Phase;
import org.junit.jupiter.api.Test;

/** Which phase, counts and conditions users see for each look at a cluster. */
class StatusCalculatorTest {

    private static final Condition NO_SCHEDULE = new Condition("BackupHealthy", "Unknown", "NoSchedule", "no backup schedule is enabled",
            null);

    private static ClusterStatus status(int replicas, Phase previous, Observed observed, Action action) {
        return StatusCalculator.status(spec(replicas), 7, previous, observed.health(), action, null, NO_SCHEDULE);
    }

    @Test
    void allMembersHealthyWithALeaderIsRunningAndReconciled() {
        ClusterStatus status = status(3, Phase.Creating, cluster().leader(0).healthy(1).healthy(2), new Action.Converged());
        assertThat(status.phase()).isEqualTo(Phase.Running);
        assertThat(status.readyMembers()).isEqualTo(3);
        assertThat(status.leaderName()).isEqualTo("c-0");
        assertThat(status.observedGeneration()).isEqualTo(7);
        assertThat(status.conditions()).extracting(Condition::type, Condition::status).containsExactly(
                org.assertj.core.groups.Tuple.tuple("Available", "True"), org.assertj.core.groups.Tuple.tuple("Quorum", "True"),
                org.assertj.core.groups.Tuple.tuple("Reconciled", "True"), org.assertj.core.groups.Tuple.tuple("BackupHealthy", "Unknown"));
    }

    @Test
    void aStoppedMemberMakesTheClusterDegradedButKeepsQuorum() {
        Action restart = new Action.Restart(java.util.List.of("c-2"));
        ClusterStatus status = status(3, Phase.Running, cluster().leader(0).healthy(1).stopped(2), restart);
        assertThat(status.phase()).isEqualTo(Phase.Degraded);
        assertThat(status.readyMembers()).isEqualTo(2);
        assertThat(status.message()).isEqualTo("c-2 is not running; restarting");
        assertThat(condition(status, "Quorum")).isEqualTo("True");
        assertThat(condition(status, "Reconciled")).isEqualTo("False");
    }

    @Test
    void aMembershipChangeInProgressIsScaling() {
        ClusterStatus status = status(5, Phase.Running, cluster().leader(0).healthy(1).healthy(2).learner(3, 10),
                new Action.Wait("waiting for learner c-3 to catch up with the leader"));
        assertThat(status.phase()).isEqualTo(Phase.Scaling);
        assertThat(status.members()).isEqualTo(4);
    }

    @Test
    void withoutALeaderAClusterThatRanIsDegradedWhileAQuorumAnswersAndFailedWhenNot() {
        Action wait = new Action.Wait("no member knows a leader yet");
        assertThat(status(3, Phase.Running, cluster().healthy(0).healthy(1).stopped(2).noLeader(), wait).phase())
                .isEqualTo(Phase.Degraded);
        ClusterStatus lost = status(3, Phase.Running, cluster().healthy(0).stopped(1).stopped(2).noLeader(), wait);
        assertThat(lost.phase()).isEqualTo(Phase.Failed);
        assertThat(lost.message()).startsWith("quorum lost: 1 of 3 members answer");
        assertThat(condition(lost, "Available")).isEqualTo("False");
    }

    @Test
    void aNewClusterWithoutALeaderYetIsCreating() {
        assertThat(status(3, Phase.Pending, cluster().noLeader(), new Action.Bootstrap(java.util.List.of("c-0"))).phase())
                .isEqualTo(Phase.Creating);
    }

    @Test
    void aFailedPassIsNotReconciledAndSaysWhy() {
        ClusterStatus status = StatusCalculator.status(spec(3), 2, Phase.Running, cluster().leader(0).healthy(1).healthy(2).health(),
                new Action.Wait("the last pass failed"), "add learner: etcdserver: too many requests", NO_SCHEDULE);
        assertThat(status.message()).isEqualTo("add learner: etcdserver: too many requests");
        assertThat(condition(status, "Reconciled")).isEqualTo("False");
    }

    private static String condition(ClusterStatus status, String type) {
        return status.conditions().stream().filter(condition -> condition.type().equals(type)).findFirst().orElseThrow().status();
    }
}
