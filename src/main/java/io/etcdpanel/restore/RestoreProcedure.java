package io.etcdpanel.restore;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.locks.LockSupport;
import java.util.stream.IntStream;

import io.etcdpanel.backup.BackupService;
import io.etcdpanel.backup.SnapshotStatus;
import io.etcdpanel.backup.SnapshotView;
import io.etcdpanel.catalogue.ClusterCatalogue;
import io.etcdpanel.catalogue.ClusterSpec;
import io.etcdpanel.etcd.EtcdClients;
import io.etcdpanel.etcd.Keyspace;
import io.etcdpanel.events.EventLog;
import io.etcdpanel.health.ClusterHealth;
import io.etcdpanel.health.HealthMonitor;
import io.etcdpanel.runtime.ClusterRuntime;
import io.etcdpanel.runtime.JoinPlan;
import io.etcdpanel.runtime.MemberInstance;
import io.etcdpanel.runtime.MemberNames;
import io.etcdpanel.runtime.RestorePlan;
import io.etcdpanel.runtime.Runtimes;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Component;

/**
 * Carries one restore through its steps, each recorded as it starts and ends, skipping those a
 * panel stopped mid-restore had finished; every step can be run again. Ends by handing the cluster
 * back to reconcile, restored or failed with its real state written into the record.
 */
@Component
class RestoreProcedure {

    static final String VERIFY = "verify snapshot";
    static final String PRE_RESTORE = "take pre-restore snapshot";
    static final String CREATE = "create cluster";
    static final String STOP = "stop members";
    static final String LAY_DOWN = "restore data dirs";
    static final String START = "start members";
    static final String AWAIT_HEALTHY = "wait for a leader and healthy members";
    static final String CHECK_REVISION = "check revision";
    static final List<String> IN_PLACE = List.of(VERIFY, PRE_RESTORE, STOP, LAY_DOWN, START, AWAIT_HEALTHY, CHECK_REVISION);
    static final List<String> NEW_CLUSTER = List.of(VERIFY, CREATE, LAY_DOWN, START, AWAIT_HEALTHY, CHECK_REVISION);

    private static final Logger log = LoggerFactory.getLogger(RestoreProcedure.class);
    private static final Duration LOOK_EVERY = Duration.ofMillis(50);

    /** A step that had nothing to do, and why. */
    private static final class Skip extends RuntimeException {
        Skip(String why) {
            super(why);
        }
    }

    private final RestoreLedger ledger;
    private final ClusterCatalogue catalogue;
    private final BackupService backups;
    private final Runtimes runtimes;
    private final HealthMonitor healthMonitor;
    private final Keyspace keyspace;
    private final EtcdClients clients;
    private final EventLog events;
    private final ApplicationEventPublisher publisher;
    private final RestoreProperties properties;

    RestoreProcedure(RestoreLedger ledger, ClusterCatalogue catalogue, BackupService backups, Runtimes runtimes,
            HealthMonitor healthMonitor, Keyspace keyspace, EtcdClients clients, EventLog events, ApplicationEventPublisher publisher,
            RestoreProperties properties) {
        this.ledger = ledger;
        this.catalogue = catalogue;
        this.backups = backups;
        this.runtimes = runtimes;
        this.healthMonitor = healthMonitor;
        this.keyspace = keyspace;
        this.clients = clients;
        this.events = events;
        this.publisher = publisher;
        this.properties = properties;
    }

    /** Runs the restore's remaining steps to its end; returns without recording anything when the panel is stopping. */
    void run(String id) {
        RestoreView restore = ledger.running(id);
        String cluster = restore.restoredCluster();
        ClusterSpec spec = catalogue.get(cluster).spec();
        String current = null;
        try {
            for (RestoreStep step : restore.steps()) {
                if (step.status().done()) {
                    continue;
                }
                current = step.name();
                log.info("{}: restore {}: {}", cluster, id, current);
                ledger.stepStarted(id, current);
                try {
                    ledger.stepEnded(id, current, StepStatus.Succeeded, perform(current, restore, spec));
                } catch (Skip skip) {
                    ledger.stepEnded(id, current, StepStatus.Skipped, skip.getMessage());
                }
            }
            // the record says Succeeded last, so whoever sees it finds the cluster handed back and the event written
            RestoreView done = ledger.get(id);
            catalogue.releaseFromRestore(cluster, id);
            events.normal(cluster, "RestoreSucceeded", "restored from snapshot " + done.snapshotId() + (done.preRestoreSnapshotId() == null
                    ? "" : "; the state before is in snapshot " + done.preRestoreSnapshotId()), restore.actor());
            ledger.succeed(id);
            publisher.publishEvent(new RestoreFinished(cluster, "success"));
        } catch (IOException | RuntimeException e) {
            if (Thread.currentThread().isInterrupted()) {
                log.info("{}: restore {} stopped with the panel in step '{}'; it resumes on the next start", cluster, id, current);
                return;
            }
            fail(restore, spec, current, e);
        }
    }

    private void fail(RestoreView restore, ClusterSpec spec, String step, Exception cause) {
        String cluster = restore.restoredCluster();
        String why = cause.getMessage() != null ? cause.getMessage() : cause.getClass().getSimpleName();
        log.warn("{}: restore {} failed in step '{}': {}", cluster, restore.id(), step, why, cause);
        if (step != null) {
            ledger.stepEnded(restore.id(), step, StepStatus.Failed, why);
        }
        boolean touched = touchedMembers(restore.id());
        boolean inPlace = restore.mode().equals(RestoreRequest.IN_PLACE);
        // read while the restore still holds the cluster: once it is handed back, reconcile starts members again
        String outcome = !inPlace ? "the new cluster " + cluster + " is being deleted"
                : touched ? "the cluster is handed back to reconcile as it is now: " + realState(spec)
                : "nothing was changed";
        catalogue.releaseFromRestore(cluster, restore.id());
        if (!inPlace) {
            catalogue.requestDeletion(cluster, false, restore.actor());
        }
        String error = step + " failed: " + why + "; " + outcome;
        events.warning(cluster, "RestoreFailed", "restore " + restore.id() + ": " + error, restore.actor());
        ledger.fail(restore.id(), error);
        publisher.publishEvent(new RestoreFinished(cluster, "failure"));
    }

    private String perform(String step, RestoreView restore, ClusterSpec spec) throws IOException {
        return switch (step) {
            case VERIFY -> verify(restore);
            case PRE_RESTORE -> takePreRestoreSnapshot(restore, spec);
            case CREATE -> "created " + spec.name() + " with " + spec.replicas() + " members of etcd " + spec.version();
            case STOP -> stopMembers(spec);
            case LAY_DOWN -> layDown(restore, spec);
            case START -> startMembers(spec);
            case AWAIT_HEALTHY -> awaitHealthy(restore.id(), spec);
            case CHECK_REVISION -> checkRevision(restore, spec);
            default -> throw new IllegalStateException("no step named '" + step + "'");
        };
    }

    private String verify(RestoreView restore) throws IOException {
        backups.verifiedForRestore(restore.snapshotId());
        SnapshotView snapshot = backups.get(restore.snapshotId());
        return "sha256 " + snapshot.sha256().substring(0, 12) + "… matches; revision " + snapshot.revision() + ", "
                + snapshot.sizeBytes() + " bytes";
    }

    private String takePreRestoreSnapshot(RestoreView restore, ClusterSpec spec) {
        if (!healthMonitor.check(spec).hasLeader()) {
            throw new Skip("the cluster has no leader, so there is nothing consistent to save before restoring");
        }
        SnapshotView before = backups.takePreRestore(spec.name(), restore.actor());
        if (before.status() != SnapshotStatus.Succeeded) {
            throw new IllegalStateException("the pre-restore snapshot failed (" + before.error() + "), so the cluster was not touched");
        }
        ledger.preRestoreSnapshot(restore.id(), before.id());
        return "snapshot " + before.id() + " at revision " + before.revision();
    }

    private String stopMembers(ClusterSpec spec) {
        List<MemberInstance> members = restoredMembers(spec);
        members.forEach(member -> runtime(spec).stop(spec, member.name()));
        return "stopped " + names(members);
    }

    private String layDown(RestoreView restore, ClusterSpec spec) throws IOException {
        Path file = backups.verifiedForRestore(restore.snapshotId());
        List<MemberInstance> members = restore.mode().equals(RestoreRequest.IN_PLACE) ? restoredMembers(spec) : allocateMembers(spec);
        Map<String, String> initialCluster = new LinkedHashMap<>();
        members.forEach(member -> initialCluster.put(member.name(), member.peerUrl()));
        // a fresh token, so a member left with old data cannot join the restored cluster by mistake
        String token = spec.name() + "-restore-" + restore.id().substring(0, 8);
        RestorePlan plan = new RestorePlan(file, backups.get(restore.snapshotId()).sha256(), new JoinPlan(initialCluster, true, token),
                properties.bumpRevision(), properties.toolTimeout());
        boolean bumped = false;
        for (int i = 0; i < members.size(); i++) {
            ledger.stepProgressed(restore.id(), LAY_DOWN, i + " of " + members.size() + " members restored");
            bumped = runtime(spec).restoreData(spec, members.get(i).name(), plan);
            log.info("{}: restore {}: data of {} restored", spec.name(), restore.id(), members.get(i).name());
        }
        return "restored " + names(members) + " with token " + token + (bumped
                ? "; revisions bumped by " + properties.bumpRevision() + " and marked compacted, so watchers start over"
                : "; revisions not bumped (this etcd's restore tool has no --bump-revision)");
    }

    private String startMembers(ClusterSpec spec) {
        List<MemberInstance> members = restoredMembers(spec);
        // connections to the stopped processes are dead and would wait out their back-off: talk to the new ones afresh
        clients.forget(members.stream().map(MemberInstance::clientUrl).toList());
        members.forEach(member -> runtime(spec).restart(spec, member.name()));
        return "started " + names(members);
    }

    private String awaitHealthy(String id, ClusterSpec spec) {
        long deadline = System.nanoTime() + properties.healthyTimeout().toNanos();
        String progress = "";
        while (System.nanoTime() < deadline) {
            List<MemberInstance> members = restoredMembers(spec);
            ClusterHealth health = healthMonitor.check(spec);
            long healthy = members.stream().filter(member -> health.statusOf(member).hasLeader()).count();
            if (health.hasLeader() && healthy == members.size() && health.membershipKnown()
                    && health.etcdMembers().size() == members.size()) {
                return "leader " + health.leaderName().orElse("?") + "; " + healthy + " of " + members.size() + " members healthy";
            }
            String now = healthy + " of " + members.size() + " members healthy" + (health.hasLeader() ? "" : ", no leader yet");
            if (!now.equals(progress)) {
                ledger.stepProgressed(id, AWAIT_HEALTHY, now);
                progress = now;
            }
            if (Thread.currentThread().isInterrupted()) {
                throw new IllegalStateException("interrupted");
            }
            LockSupport.parkNanos(LOOK_EVERY.toNanos());
        }
        throw new IllegalStateException("the restored members were not all healthy with a leader within "
                + properties.healthyTimeout().toSeconds() + " s (" + progress + ")");
    }

    private String checkRevision(RestoreView restore, ClusterSpec spec) {
        SnapshotView snapshot = backups.get(restore.snapshotId());
        String leader = healthMonitor.check(spec).leaderStatus()
                .orElseThrow(() -> new IllegalStateException("the restored cluster lost its leader")).endpoint();
        Keyspace.Count now = keyspace.count(leader, 0);
        long expected = Math.max(snapshot.revision(), 1);
        if (now.revision() < expected) {
            throw new IllegalStateException("the restored cluster is at revision " + now.revision() + ", behind the snapshot's " + expected);
        }
        return "revision " + now.revision() + " (snapshot " + snapshot.revision() + "), " + now.keys() + " keys";
    }

    /** The members a restore writes: every member the runtime has started, by name. */
    private List<MemberInstance> restoredMembers(ClusterSpec spec) {
        List<MemberInstance> members = runtime(spec).instances(spec).stream().filter(MemberInstance::started).toList();
        if (members.isEmpty()) {
            throw new IllegalStateException("the runtime holds no started member of " + spec.name() + " to restore");
        }
        return members;
    }

    private List<MemberInstance> allocateMembers(ClusterSpec spec) {
        return IntStream.range(0, spec.replicas()).mapToObj(ordinal -> runtime(spec).allocate(spec, MemberNames.name(spec.name(), ordinal)))
                .toList();
    }

    /** Whether the restore got as far as stopping or writing members. */
    private boolean touchedMembers(String id) {
        return ledger.get(id).steps().stream()
                .anyMatch(step -> (step.name().equals(STOP) || step.name().equals(LAY_DOWN)) && step.status() != StepStatus.Pending);
    }

    private String realState(ClusterSpec spec) {
        try {
            ClusterHealth health = healthMonitor.check(spec);
            List<MemberInstance> members = runtime(spec).instances(spec);
            long running = members.stream().filter(MemberInstance::running).count();
            long healthy = members.stream().filter(member -> health.statusOf(member).hasLeader()).count();
            return running + " of " + members.size() + " members running, " + healthy + " healthy, "
                    + health.leaderName().map(leader -> "leader " + leader).orElse("no leader");
        } catch (RuntimeException e) {
            return "its state could not be read (" + e.getMessage() + ")";
        }
    }

    private ClusterRuntime runtime(ClusterSpec spec) {
        return runtimes.get(spec.runtime());
    }

    private static String names(List<MemberInstance> members) {
        return String.join(", ", members.stream().map(MemberInstance::name).toList());
    }
}
