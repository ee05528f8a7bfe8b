package io.etcdpanel.backup;

import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/** The one writer of snapshot records. */
@Service
class SnapshotLedger {

    private final SnapshotRepository snapshots;
    private final Clock clock;

    SnapshotLedger(SnapshotRepository snapshots, Clock clock) {
        this.snapshots = snapshots;
        this.clock = clock;
    }

    /** Opens a Running record, unless a backup of this cluster is already running (from any panel on the database). */
    @Transactional
    SnapshotView start(String cluster, String trigger) {
        try {
            return snapshots.saveAndFlush(Snapshot.running(UUID.randomUUID().toString(), cluster, trigger, clock.instant())).view();
        } catch (DataIntegrityViolationException e) {
            throw new BackupAlreadyRunning(cluster);
        }
    }

    @Transactional
    SnapshotView recordImported(String id, String cluster, SnapshotFacts facts) {
        Snapshot snapshot = Snapshot.running(id, cluster, Snapshot.IMPORT, clock.instant());
        snapshot.succeeded(facts, clock.instant());
        return snapshots.save(snapshot).view();
    }

    @Transactional
    SnapshotView succeed(String id, SnapshotFacts facts) {
        Snapshot snapshot = load(id);
        snapshot.succeeded(facts, clock.instant());
        return snapshot.view();
    }

    @Transactional
    SnapshotView restoreTested(String id, RestoreTester.Result result) {
        Snapshot snapshot = load(id);
        snapshot.restoreTested(result.testedAt(), result.keys(), result.error());
        return snapshot.view();
    }

    @Transactional
    SnapshotView fail(String id, String reason) {
        Snapshot snapshot = load(id);
        snapshot.failed(reason, clock.instant());
        return snapshot.view();
    }

    /** Backups a stopped panel left Running are failed (all but those with the given ids): their staged files are gone with it. */
    @Transactional
    List<SnapshotView> failInterrupted(Set<String> runningHere) {
        return snapshots.findByStatus(SnapshotStatus.Running).stream().filter(snapshot -> !runningHere.contains(snapshot.view().id()))
                .map(snapshot -> {
                    snapshot.failed("the panel stopped while this backup ran", clock.instant());
                    return snapshot.view();
                }).toList();
    }

    @Transactional(readOnly = true)
    List<SnapshotView> newestFirst(String cluster) {
        return snapshots.findByClusterOrderByStartedAtDesc(cluster).stream().map(Snapshot::view).toList();
    }

    @Transactional(readOnly = true)
    Optional<SnapshotView> find(String id) {
        return snapshots.findById(id).map(Snapshot::view);
    }

    @Transactional
    void delete(String id) {
        snapshots.deleteById(id);
    }

    private Snapshot load(String id) {
        return snapshots.findById(id).orElseThrow(() -> new SnapshotNotFound(id));
    }
}
