package io.etcdpanel.backup;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.Test;

/** Which snapshots retention drops, for each mix of triggers, ages and outcomes. */
class RetentionPolicyTest {

    private static final Instant NOW = Instant.parse("2026-11-26T12:00:00Z");

    private static SnapshotView snapshot(String id, String trigger, SnapshotStatus status, Duration age) {
        Instant started = NOW.minus(age);
        return new SnapshotView(id, "c", status, trigger, started, started.plusSeconds(1), 20512, 10, 5, "sha", "3.4.23", "c-0",
                "file:/x", status == SnapshotStatus.Succeeded, null, 1, null, null, 20512, null);
    }

    private static List<String> dropped(List<SnapshotView> snapshots, Integer keepLast, Duration maxAge) {
        return RetentionPolicy.toDelete(snapshots, keepLast, maxAge, NOW).stream().map(SnapshotView::id).toList();
    }

    @Test
    void keepLastKeepsTheNewestScheduledOnesAndNeverTouchesManualImportedOrPreRestoreOnes() {
        List<SnapshotView> snapshots = List.of(
                snapshot("s1", "schedule", SnapshotStatus.Succeeded, Duration.ofHours(1)),
                snapshot("m1", "manual", SnapshotStatus.Succeeded, Duration.ofHours(2)),
                snapshot("s2", "schedule", SnapshotStatus.Succeeded, Duration.ofHours(3)),
                snapshot("s3", "schedule", SnapshotStatus.Succeeded, Duration.ofHours(4)),
                snapshot("i1", "import", SnapshotStatus.Succeeded, Duration.ofHours(5)),
                snapshot("p1", "pre-restore", SnapshotStatus.Succeeded, Duration.ofHours(6)),
                snapshot("s4", "schedule", SnapshotStatus.Succeeded, Duration.ofHours(7)));
        assertThat(dropped(snapshots, 2, null)).containsExactly("s3", "s4");
    }

    @Test
    void maxAgeDropsOldScheduledOnesButNeverTheNewestGoodSnapshot() {
        List<SnapshotView> snapshots = List.of(
                snapshot("s1", "schedule", SnapshotStatus.Failed, Duration.ofDays(1)),
                snapshot("s2", "schedule", SnapshotStatus.Succeeded, Duration.ofDays(8)),
                snapshot("s3", "schedule", SnapshotStatus.Succeeded, Duration.ofDays(9)));
        assertThat(dropped(snapshots, null, Duration.ofDays(7))).as("s2 is the newest good one").containsExactly("s3");
    }

    @Test
    void failedScheduledRecordsDoNotCountTowardsKeepLastAndGoOnceOlderThanTheKeptOnes() {
        List<SnapshotView> snapshots = List.of(
                snapshot("f1", "schedule", SnapshotStatus.Failed, Duration.ofMinutes(1)),
                snapshot("s1", "schedule", SnapshotStatus.Succeeded, Duration.ofMinutes(2)),
                snapshot("f2", "schedule", SnapshotStatus.Failed, Duration.ofMinutes(3)),
                snapshot("s2", "schedule", SnapshotStatus.Succeeded, Duration.ofMinutes(4)),
                snapshot("r1", "schedule", SnapshotStatus.Running, Duration.ofMinutes(5)));
        assertThat(dropped(snapshots, 1, null)).containsExactly("f2", "s2");
    }
}
