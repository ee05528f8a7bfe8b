package io.etcdpanel.backup;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;

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

    /** What a takeover did with a backup a gone panel left Running: failed it, or (a scheduled run) opened it again as {@code retaken}. */
    record Orphan(SnapshotView left, SnapshotView retaken) {
    }

    /**
     * Opens a Running record run by {@code owner}, unless a backup of this cluster is already running (from any panel on the
     * database); {@code scheduledFor} is the due time of the scheduled run it is, or null.
     */
    @Transactional
    SnapshotView start(String cluster, String trigger, String owner, Instant scheduledFor) {
        try {
            return snapshots.saveAndFlush(Snapshot.running(UUID.randomUUID().toString(), cluster, trigger, clock.instant(), owner,
                    scheduledFor)).view();
        } catch (DataIntegrityViolationException e) {
            throw new BackupAlreadyRunning(cluster);
        }
    }

    @Transactional
    SnapshotView recordImported(String id, String cluster, SnapshotFacts facts) {
        Snapshot snapshot = Snapshot.running(id, cluster, Snapshot.IMPORT, clock.instant(), null, null);
        snapshot.succeeded(facts, clock.instant());
        return snapshots.save(snapshot).view();
    }

    /** Records the backup as succeeded, if it is still the owner's to record; empty when another panel took it over. */
    @Transactional
    Optional<SnapshotView> succeed(String id, SnapshotFacts facts, String owner) {
        return runBy(id, owner).map(snapshot -> {
            snapshot.succeeded(facts, clock.instant());
            return snapshot.view();
        });
    }

    @Transactional
    SnapshotView restoreTested(String id, RestoreTester.Result result) {
        Snapshot snapshot = load(id);
        snapshot.restoreTested(result.testedAt(), result.keys(), result.error());
        return snapshot.view();
    }

    /** Records the backup as failed, if it is still the owner's to record; empty when another panel took it over. */
    @Transactional
    Optional<SnapshotView> fail(String id, String reason, String owner) {
        return runBy(id, owner).map(snapshot -> {
            snapshot.failed(reason, clock.instant());
            return snapshot.view();
        });
    }

    /** Drops the record of a cancelled backup, if it is still the owner's. */
    @Transactional
    void dropCancelled(String id, String owner) {
        runBy(id, owner).ifPresent(snapshots::delete);
    }

    /** The backups running now whose panels are alive: their staged files are in use. */
    @Transactional(readOnly = true)
    Set<String> runningBy(Set<String> livePanels) {
        return snapshots.findByStatus(SnapshotStatus.Running).stream().filter(snapshot -> livePanels.contains(snapshot.owner()))
                .map(Snapshot::id).collect(Collectors.toSet());
    }

    /**
     * Takes over the backups left Running by panels that are gone (not among {@code livePanels}): a scheduled run is opened
     * again, under a new id run by {@code taker}, so its due time still gets its backup; any other backup is failed. A
     * backup run by a live panel is left to it, whether that panel holds the lease or not.
     */
    @Transactional
    List<Orphan> takeOver(Set<String> livePanels, String taker) {
        List<Orphan> orphans = new ArrayList<>();
        for (Snapshot snapshot : snapshots.findByStatus(SnapshotStatus.Running)) {
            if (livePanels.contains(snapshot.owner())) {
                continue;
            }
            // conditional on the record still running for that owner: a panel deemed gone may just have recorded its outcome
            String owner = snapshot.owner() == null ? "" : snapshot.owner();
            SnapshotView left = snapshot.view();
            if (snapshot.scheduledFor() == null) {
                if (snapshots.failIfRunningBy(snapshot.id(), owner, "the panel running this backup stopped", clock.instant()) == 1) {
                    orphans.add(new Orphan(left, null));
                }
            } else if (snapshots.deleteIfRunningBy(snapshot.id(), owner) == 1) {
                Snapshot again = Snapshot.running(UUID.randomUUID().toString(), snapshot.cluster(), snapshot.trigger(), clock.instant(),
                        taker, snapshot.scheduledFor());
                orphans.add(new Orphan(left, snapshots.saveAndFlush(again).view()));
            }
        }
        return orphans;
    }

    @Transactional(readOnly = true)
    List<SnapshotView> newestFirst(String cluster) {
        return snapshots.findByClusterOrderByStartedAtDesc(cluster).stream().map(Snapshot::view).toList();
    }

    @Transactional(readOnly = true)
    List<SnapshotView> newestFirstOfAll() {
        return snapshots.findAllByOrderByStartedAtDesc().stream().map(Snapshot::view).toList();
    }

    @Transactional(readOnly = true)
    Optional<SnapshotView> find(String id) {
        return snapshots.findById(id).map(Snapshot::view);
    }

    @Transactional
    void delete(String id) {
        snapshots.deleteById(id);
    }

    private Optional<Snapshot> runBy(String id, String owner) {
        return snapshots.findById(id).filter(snapshot -> snapshot.runningBy(owner));
    }

    private Snapshot load(String id) {
        return snapshots.findById(id).orElseThrow(() -> new SnapshotNotFound(id));
    }
}
