package io.etcdpanel.reconcile;

import static io.etcdpanel.reconcile.Observed.cluster;
import static io.etcdpanel.reconcile.Observed.id;
import static io.etcdpanel.reconcile.Observed.spec;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;

import io.etcdpanel.catalogue.ClusterSpec;
import io.etcdpanel.catalogue.ClusterStatus;
import io.etcdpanel.catalogue.ClusterView;
import io.etcdpanel.catalogue.Phase;

import org.junit.jupiter.api.Test;

/** What one pass decides for each state a cluster can be seen in. */
class ReconcilePlannerTest {

    private static ClusterView deleting(ClusterSpec spec, boolean keepVolumes) {
        ClusterStatus status = new ClusterStatus(Phase.Deleting, 1, 0, 0, null, null, null, 0, List.of());
        return new ClusterView(spec.name(), spec.replicas(), spec.version(), spec.runtime(), spec.namespace(), spec.storage(),
                spec.resources(), spec.quotaBackendBytes(), 1, Instant.EPOCH, Instant.EPOCH, status, keepVolumes);
    }

    private static Action decide(int replicas, Observed observed) {
        return ReconcilePlanner.decide(spec(replicas), observed.health());
    }

    @Test
    void aClusterWithNoMembersIsBootstrappedWithAllOfThemAtOnce() {
        assertThat(decide(3, cluster())).isEqualTo(new Action.Bootstrap(List.of("c-0", "c-1", "c-2")));
    }

    @Test
    void aBootstrapCutShortBeforeAnyMemberStartedIsStartedAfresh() {
        assertThat(decide(3, cluster().allocatedOnly(0).allocatedOnly(1).noLeader()))
                .isEqualTo(new Action.Bootstrap(List.of("c-0", "c-1", "c-2")));
    }

    @Test
    void deletionTearsDownWhateverTheStateKeepingTheVolumesWhenAsked() {
        assertThat(ReconcilePlanner.decide(deleting(spec(3), false), cluster().leader(0).healthy(1).healthy(2).health()))
                .isEqualTo(new Action.TearDown(false));
        assertThat(ReconcilePlanner.decide(deleting(spec(3), true), cluster().healthy(0).stopped(1).noLeader().health()))
                .isEqualTo(new Action.TearDown(true));
    }

    @Test
    void aHealthyClusterMatchingItsSpecNeedsNothing() {
        assertThat(decide(3, cluster().leader(0).healthy(1).healthy(2))).isEqualTo(new Action.Converged());
    }

    @Test
    void stoppedMembersWithDataAreRestartedTogether() {
        assertThat(decide(5, cluster().leader(0).healthy(1).healthy(2).stopped(3).stopped(4)))
                .isEqualTo(new Action.Restart(List.of("c-3", "c-4")));
    }

    @Test
    void withoutALeaderOnlyStoppedMembersWithDataAreRestarted() {
        assertThat(decide(3, cluster().healthy(0).stopped(1).stopped(2).noLeader()))
                .isEqualTo(new Action.Restart(List.of("c-1", "c-2")));
        assertThat(decide(3, cluster().healthy(0).healthy(1).healthy(2).noLeader())).isInstanceOf(Action.Wait.class);
    }

    @Test
    void scaleOutAddsOneLearnerAtTheLowestFreeOrdinal() {
        assertThat(decide(5, cluster().leader(0).healthy(1).healthy(2))).isEqualTo(new Action.AddLearner("c-3"));
    }

    @Test
    void aLearnerThatHasCaughtUpIsPromoted() {
        assertThat(decide(5, cluster().leader(0).healthy(1).healthy(2).learner(3, 95)))
                .isEqualTo(new Action.Promote("c-3", id(3)));
    }

    @Test
    void aLearnerStillBehindIsWaitedFor() {
        assertThat(decide(5, cluster().leader(0).healthy(1).healthy(2).learner(3, 10))).isInstanceOf(Action.Wait.class);
    }

    @Test
    void aMemberAllocatedButNeverAddedIsAddedFirstWhenStillWanted() {
        assertThat(decide(5, cluster().leader(0).healthy(1).healthy(2).planned(4))).isEqualTo(new Action.AddLearner("c-4"));
    }

    @Test
    void aMemberAllocatedButNoLongerWantedIsDeleted() {
        assertThat(decide(3, cluster().leader(0).healthy(1).healthy(2).planned(3)))
                .isEqualTo(new Action.DeleteInstance("c-3", "it was planned but is no longer wanted"));
    }

    @Test
    void aLearnerAddedButNeverStartedIsStarted() {
        assertThat(decide(5, cluster().leader(0).healthy(1).healthy(2).learnerNeverStarted(3)))
                .isEqualTo(new Action.StartLearner("c-3"));
    }

    @Test
    void aLearnerTheSpecNoLongerWantsIsRemoved() {
        assertThat(decide(3, cluster().leader(0).healthy(1).healthy(2).learner(3, 95)))
                .isEqualTo(new Action.Remove("c-3", id(3), "the spec no longer wants it"));
    }

    @Test
    void scaleInRemovesTheHighestOrdinalFirst() {
        assertThat(decide(3, cluster().leader(0).healthy(1).healthy(2).healthy(3).healthy(4)))
                .isEqualTo(new Action.Remove("c-4", id(4), "scaling in to 3"));
    }

    @Test
    void aLeavingLeaderHandsLeadershipOverBeforeItIsRemoved() {
        assertThat(decide(3, cluster().healthy(0).healthy(1).healthy(2).healthy(3).leader(4)))
                .isEqualTo(new Action.MoveLeader("c-4", id(0), "c-0"));
    }

    @Test
    void scaleInThatWouldBreakQuorumWaits() {
        assertThat(decide(3, cluster().leader(0).healthy(1).unhealthy(2).unhealthy(3).healthy(4)))
                .isInstanceOf(Action.Wait.class);
    }

    @Test
    void aProcessEtcdNoLongerListsIsDeleted() {
        assertThat(decide(3, cluster().leader(0).healthy(1).healthy(2).removedButRunning(3)))
                .isEqualTo(new Action.DeleteInstance("c-3", "etcd no longer counts it as a member"));
    }

    @Test
    void aMemberWithoutAProcessIsRemovedFromEtcd() {
        assertThat(decide(3, cluster().leader(0).healthy(1).healthy(2).withoutProcess(3)))
                .isEqualTo(new Action.Remove("c-3", id(3), "no process runs it"));
    }

    @Test
    void aMemberWhoseDataIsGoneIsRemovedSoItCanBeReplaced() {
        assertThat(decide(3, cluster().leader(0).healthy(1).dataLost(2)))
                .isEqualTo(new Action.Remove("c-2", id(2), "its data is gone; it will be replaced"));
    }

    @Test
    void aMemberWhoseDataIsGoneIsKeptWhileRemovingItWouldBreakQuorum() {
        assertThat(decide(3, cluster().leader(0).dataLost(1).unhealthy(2))).isInstanceOf(Action.Wait.class);
    }
}
