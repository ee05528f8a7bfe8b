package io.etcdpanel.backup;

import java.util.Optional;

import io.etcdpanel.events.SnapshotFingerprints;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/** Tells the audit a stored snapshot's sha256 (none while it is still being taken, or when it does not exist). */
@Component
class SnapshotShaLookup implements SnapshotFingerprints {

    private final SnapshotRepository snapshots;

    SnapshotShaLookup(SnapshotRepository snapshots) {
        this.snapshots = snapshots;
    }

    @Override
    @Transactional(readOnly = true)
    public Optional<String> sha256(String snapshotId) {
        return snapshots.findById(snapshotId).map(snapshot -> snapshot.view().sha256());
    }
}
