package io.etcdpanel.backup;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * Which scheduled snapshots to drop: past the newest {@code keepLast}, or older than {@code maxAge}.
 * Manual, imported and pre-restore snapshots are never dropped, nor the newest good snapshot. Pure.
 */
final class RetentionPolicy {

    private RetentionPolicy() {
    }

    static List<SnapshotView> toDelete(List<SnapshotView> snapshots, Integer keepLast, Duration maxAge, Instant now) {
        Optional<SnapshotView> newestGood = snapshots.stream().filter(snapshot -> snapshot.status() == SnapshotStatus.Succeeded)
                .max(Comparator.comparing(SnapshotView::startedAt));
        List<SnapshotView> scheduled = snapshots.stream()
                .filter(snapshot -> BackupSchedule.TRIGGER.equals(snapshot.trigger()) && snapshot.status() != SnapshotStatus.Running)
                .sorted(Comparator.comparing(SnapshotView::startedAt).reversed()).toList();
        List<SnapshotView> drop = new ArrayList<>();
        int kept = 0;
        for (SnapshotView snapshot : scheduled) {
            boolean tooMany = keepLast != null && kept >= keepLast;
            boolean tooOld = maxAge != null && snapshot.startedAt().plus(maxAge).isBefore(now);
            if ((tooMany || tooOld) && !newestGood.map(snapshot::equals).orElse(false)) {
                drop.add(snapshot);
            } else if (snapshot.status() == SnapshotStatus.Succeeded) {
                kept++;
            }
        }
        return drop;
    }
}
