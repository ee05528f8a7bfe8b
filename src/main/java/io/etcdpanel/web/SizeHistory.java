package io.etcdpanel.web;

import java.util.Comparator;
import java.util.List;

import io.etcdpanel.backup.SnapshotStatus;
import io.etcdpanel.backup.SnapshotView;

/** The sizes of a cluster's succeeded snapshots, oldest first, as the backups chart plots them. */
record SizeHistory(List<String> times, List<Long> sizes) {

    static SizeHistory of(List<SnapshotView> snapshots) {
        List<SnapshotView> succeeded = snapshots.stream()
                .filter(snapshot -> snapshot.status() == SnapshotStatus.Succeeded)
                .sorted(Comparator.comparing(SnapshotView::startedAt))
                .toList();
        return new SizeHistory(succeeded.stream().map(snapshot -> snapshot.startedAt().toString()).toList(),
                succeeded.stream().map(SnapshotView::sizeBytes).toList());
    }

    public boolean isEmpty() {
        return sizes.isEmpty();
    }
}
