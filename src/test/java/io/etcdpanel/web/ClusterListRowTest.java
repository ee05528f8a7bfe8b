package io.etcdpanel.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;

import io.etcdpanel.backup.SnapshotStatus;
import io.etcdpanel.backup.SnapshotView;
import io.etcdpanel.catalogue.ClusterSpec;
import io.etcdpanel.catalogue.ClusterStatus;
import io.etcdpanel.catalogue.ClusterView;
import io.etcdpanel.catalogue.Condition;
import io.etcdpanel.catalogue.Phase;
import org.junit.jupiter.api.Test;

class ClusterListRowTest {

    private static final Instant NOW = Instant.parse("2026-12-08T01:00:00Z");

    @Test
    void aServingClusterWhoseConditionsHoldNeedsNoAttention() {
        ClusterListRow row = ClusterListRow.of(cluster(Phase.Running, Condition.of(Condition.QUORUM, true, "Quorum", "3 of 3")), List.of());

        assertThat(row.needsAttention()).isFalse();
        assertThat(row.lastBackup()).isNull();
    }

    @Test
    void aClusterBeingCreatedNeedsNoAttentionUnlessItsReconcileFails() {
        Condition onTheWay = Condition.of(Condition.RECONCILED, false, "InProgress", "starting orders-1");
        Condition failing = Condition.of(Condition.RECONCILED, false, "Error", "cannot start orders-1: port in use");

        assertThat(ClusterListRow.of(cluster(Phase.Creating, onTheWay), List.of()).needsAttention()).isFalse();
        assertThat(ClusterListRow.of(cluster(Phase.Creating, failing), List.of()).attention())
                .containsExactly("Reconciled false: cannot start orders-1: port in use");
    }

    @Test
    void aDegradedPhaseAndEveryFalseConditionAreNamed() {
        ClusterListRow row = ClusterListRow.of(cluster(Phase.Degraded,
                Condition.of(Condition.QUORUM, true, "Quorum", "2 of 3"),
                Condition.of("BackupHealthy", false, "BackupFailed", "the last scheduled backup failed")), List.of());

        assertThat(row.needsAttention()).isTrue();
        assertThat(row.attention()).containsExactly("Degraded: one member is down",
                "BackupHealthy false: the last scheduled backup failed");
    }

    @Test
    void theLastBackupIsTheNewestThatSucceeded() {
        SnapshotView failed = snapshot("b", SnapshotStatus.Failed, NOW);
        SnapshotView good = snapshot("a", SnapshotStatus.Succeeded, NOW.minusSeconds(3600));

        assertThat(ClusterListRow.of(cluster(Phase.Running), List.of(failed, good)).lastBackup()).isEqualTo(good);
    }

    private static ClusterView cluster(Phase phase, Condition... conditions) {
        ClusterStatus status = new ClusterStatus(phase, 1, 3, 3, null, null, phase == Phase.Degraded ? "one member is down" : null, 0,
                List.of(conditions));
        return new ClusterView("orders", 3, "3.6.17", "local", "default", ClusterSpec.Storage.DEFAULT, ClusterSpec.Resources.DEFAULT,
                0, 1, NOW, NOW, status, false);
    }

    private static SnapshotView snapshot(String id, SnapshotStatus status, Instant at) {
        return new SnapshotView(id, "orders", status, "manual", at, at, 20480, 5, 3, null, "3.6.17", null, null, true, null, 3, null,
                null, 20480, null);
    }
}
