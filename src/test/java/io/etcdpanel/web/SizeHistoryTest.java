package io.etcdpanel.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;

import io.etcdpanel.backup.SnapshotStatus;
import io.etcdpanel.backup.SnapshotView;
import org.junit.jupiter.api.Test;

class SizeHistoryTest {

    @Test
    void plotsOnlySucceededSnapshotsOldestFirst() {
        List<SnapshotView> newestFirst = List.of(
                snapshot(SnapshotStatus.Running, "2026-03-01T12:03:00Z", 0),
                snapshot(SnapshotStatus.Succeeded, "2026-03-01T12:02:00Z", 3072),
                snapshot(SnapshotStatus.Failed, "2026-03-01T12:01:00Z", 0),
                snapshot(SnapshotStatus.Succeeded, "2026-03-01T12:00:00Z", 2048));

        SizeHistory history = SizeHistory.of(newestFirst);

        assertThat(history.times()).containsExactly("2026-03-01T12:00:00Z", "2026-03-01T12:02:00Z");
        assertThat(history.sizes()).containsExactly(2048L, 3072L);
        assertThat(history.isEmpty()).isFalse();
    }

    @Test
    void isEmptyUntilASnapshotSucceeds() {
        assertThat(SizeHistory.of(List.of(snapshot(SnapshotStatus.Failed, "2026-03-01T12:00:00Z", 0))).isEmpty()).isTrue();
    }

    private static SnapshotView snapshot(SnapshotStatus status, String startedAt, long size) {
        return new SnapshotView("id-" + startedAt, "orders", status, "manual", Instant.parse(startedAt), null, size, 0, 0, null, null,
                null, null, false, null, -1, null, null, 0, null);
    }
}
