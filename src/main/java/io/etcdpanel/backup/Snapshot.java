package io.etcdpanel.backup;

import java.time.Instant;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/** One snapshot of a cluster: how it was taken, what it holds, where it is; Running until it succeeds or fails. */
@Entity
@Table(name = "snapshots")
class Snapshot {

    static final String MANUAL = "manual";
    static final String IMPORT = "import";
    static final String PRE_RESTORE = "pre-restore";

    @Id
    private String id;
    private String cluster;
    /** The cluster while this backup runs, else null: unique, so one backup per cluster runs at a time on the database. */
    private String runningFor;
    /** The panel (its instance id) running this backup while it runs, else null. */
    private String owner;
    /** The due time of the scheduled run this backup is, else null. */
    private Instant scheduledFor;
    @Enumerated(EnumType.STRING)
    private SnapshotStatus status;
    @Column(name = "snapshot_trigger")
    private String trigger;
    private Instant startedAt;
    private Instant finishedAt;
    private long sizeBytes;
    private long revision;
    private long keyCount;
    private String sha256;
    private String etcdVersion;
    private String takenFrom;
    @Column(length = 1000)
    private String location;
    private boolean verified;
    @Column(length = 2000)
    private String error;
    private long userKeys = -1;
    private Instant restoreTestedAt;
    @Column(length = 2000)
    private String restoreTestError;

    protected Snapshot() {
    }

    static Snapshot running(String id, String cluster, String trigger, Instant now, String owner, Instant scheduledFor) {
        Snapshot snapshot = new Snapshot();
        snapshot.owner = owner;
        snapshot.scheduledFor = scheduledFor;
        snapshot.id = id;
        snapshot.cluster = cluster;
        snapshot.trigger = trigger;
        snapshot.status = SnapshotStatus.Running;
        snapshot.runningFor = cluster;
        snapshot.startedAt = now;
        return snapshot;
    }

    void succeeded(SnapshotFacts facts, Instant now) {
        status = SnapshotStatus.Succeeded;
        runningFor = null;
        owner = null;
        finishedAt = now;
        sizeBytes = facts.sizeBytes();
        revision = facts.revision();
        // etcd's own snapshot status counts internal keys up to 3.5 and not from 3.6: the panel's count means the same everywhere
        keyCount = facts.userKeys();
        sha256 = facts.sha256();
        etcdVersion = facts.etcdVersion();
        takenFrom = facts.takenFrom();
        location = facts.location();
        userKeys = facts.userKeys();
        verified = true;
    }

    /** Records the restore test; a test that could not count keys leaves the known count alone. */
    void restoreTested(Instant at, long keysFound, String failure) {
        restoreTestedAt = at;
        restoreTestError = failure;
        if (userKeys < 0 && failure == null) {
            userKeys = keysFound;
            keyCount = keysFound;
        }
    }

    void failed(String reason, Instant now) {
        status = SnapshotStatus.Failed;
        runningFor = null;
        owner = null;
        finishedAt = now;
        error = reason.length() > 2000 ? reason.substring(0, 2000) : reason;
    }

    String id() {
        return id;
    }

    String cluster() {
        return cluster;
    }

    String location() {
        return location;
    }

    SnapshotStatus status() {
        return status;
    }

    /** Whether this backup is still running, run by that panel. */
    boolean runningBy(String panel) {
        return status == SnapshotStatus.Running && panel.equals(owner);
    }

    String owner() {
        return owner;
    }

    String trigger() {
        return trigger;
    }

    Instant scheduledFor() {
        return scheduledFor;
    }

    SnapshotView view() {
        return new SnapshotView(id, cluster, status, trigger, startedAt, finishedAt, sizeBytes, revision, keyCount, sha256, etcdVersion,
                takenFrom, location, verified, error, userKeys, restoreTestedAt, restoreTestError, sizeBytes, scheduledFor);
    }
}
