package io.etcdpanel.restore;

import java.io.IOException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import io.etcdpanel.backup.BackupService;
import io.etcdpanel.backup.InvalidSnapshot;
import io.etcdpanel.backup.SnapshotNotFound;
import io.etcdpanel.backup.SnapshotView;
import io.etcdpanel.catalogue.ClusterCatalogue;
import io.etcdpanel.catalogue.ClusterNotFound;
import io.etcdpanel.catalogue.ClusterRequest;
import io.etcdpanel.catalogue.ClusterView;
import io.etcdpanel.catalogue.FieldProblem;
import io.etcdpanel.catalogue.InvalidSpec;
import io.etcdpanel.etcd.EtcdCallFailed;
import io.etcdpanel.etcd.Keyspace;
import io.etcdpanel.etcd.MemberStatus;
import io.etcdpanel.events.EventLog;
import io.etcdpanel.health.HealthMonitor;
import io.etcdpanel.lease.LeaseTaken;
import io.etcdpanel.runtime.Runtimes;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.context.event.EventListener;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Starts restores and shows them. A restore is checked before it is accepted (its snapshot read
 * and verified again), takes hold of the cluster in the same transaction that records it, then
 * runs in the background; one a stopped panel left unfinished is resumed when the panel starts.
 */
@Service
public class RestoreService implements DisposableBean {

    private final ClusterCatalogue catalogue;
    private final Runtimes runtimes;
    private final BackupService backups;
    private final RestoreLedger ledger;
    private final RestoreProcedure procedure;
    private final EventLog events;
    private final HealthMonitor healthMonitor;
    private final Keyspace keyspace;
    private final TransactionTemplate transaction;
    private final Clock clock;
    /** The restores this panel runs, which a takeover must not start a second time. */
    private final Set<String> runHere = ConcurrentHashMap.newKeySet();
    private final ExecutorService runner = Executors.newFixedThreadPool(2, runnable -> {
        Thread thread = new Thread(runnable, "restore");
        thread.setDaemon(true);
        return thread;
    });

    RestoreService(ClusterCatalogue catalogue, Runtimes runtimes, BackupService backups, RestoreLedger ledger, RestoreProcedure procedure,
            EventLog events, HealthMonitor healthMonitor, Keyspace keyspace, TransactionTemplate transaction, Clock clock) {
        this.healthMonitor = healthMonitor;
        this.keyspace = keyspace;
        this.catalogue = catalogue;
        this.runtimes = runtimes;
        this.backups = backups;
        this.ledger = ledger;
        this.procedure = procedure;
        this.events = events;
        this.transaction = transaction;
        this.clock = clock;
    }

    /**
     * Checks the request and the snapshot, takes hold of the cluster and starts the restore; returns it at once. The
     * snapshots of a cluster that is gone from the catalogue can still be restored into a new cluster, which then gets
     * the defaults of a new cluster, there being no spec left to copy.
     */
    public RestoreView start(String cluster, RestoreRequest request, String actor) throws IOException {
        Optional<ClusterView> source = catalogue.find(cluster);
        if (source.isEmpty() && !RestoreRequest.NEW_CLUSTER.equals(request.mode())) {
            throw new ClusterNotFound(cluster);
        }
        check(request);
        SnapshotView snapshot = snapshotOf(cluster, request.snapshotId());
        source.ifPresent(this::refuseWhereRuntimeCannot);
        backups.verifiedForRestore(snapshot.id());
        String id = UUID.randomUUID().toString();
        List<String> steps = request.inPlace() ? RestoreProcedure.IN_PLACE : RestoreProcedure.NEW_CLUSTER;
        RestoreView opened = transaction.execute(status -> {
            if (request.inPlace()) {
                catalogue.holdForRestore(cluster, id);
            } else {
                ClusterView target = createTarget(source.map(from -> copyOf(from, request.targetName()))
                        .orElseGet(() -> defaults(request.targetName())), id, actor);
                if (source.isEmpty()) {
                    refuseWhereRuntimeCannot(target);
                }
            }
            return ledger.open(Restore.pending(id, cluster, request, steps, actor, clock.instant()));
        });
        ledger.stepEnded(id, RestoreProcedure.VERIFY, StepStatus.Succeeded, "sha256 matches the record; revision " + snapshot.revision()
                + ", " + snapshot.sizeBytes() + " bytes");
        String what = "restore " + id + " from snapshot " + snapshot.id() + " (revision " + snapshot.revision() + ", taken "
                + snapshot.startedAt() + ")";
        events.normal(opened.restoredCluster(), "RestoreStarted", request.inPlace() ? what + ", in place"
                : what + " of " + cluster + " into this new cluster", actor);
        if (!request.inPlace()) {
            events.normal(cluster, "RestoreStarted", what + " into the new cluster " + request.targetName(), actor);
        }
        runInHere(id);
        return ledger.get(id);
    }

    public RestoreView get(String id) {
        return ledger.get(id);
    }

    /** The restores that read from or wrote into the cluster, newest first. */
    public List<RestoreView> newestFirst(String cluster) {
        catalogue.get(cluster);
        return ledger.touching(cluster);
    }

    /** What the cluster holds now, as its leader counts it: what an in-place restore would replace. */
    public LiveKeyspace liveKeyspace(String cluster) {
        Optional<MemberStatus> leader = healthMonitor.check(catalogue.get(cluster).spec()).leaderStatus();
        if (leader.isEmpty()) {
            return LiveKeyspace.NO_LEADER;
        }
        try {
            Keyspace.Count count = keyspace.count(leader.get().endpoint(), 0);
            return new LiveKeyspace(true, count.revision(), count.keys());
        } catch (EtcdCallFailed e) {
            return new LiveKeyspace(true, -1, -1);
        }
    }

    /**
     * On taking the lease, carries on the restores a stopped panel left unfinished (not those this panel runs). Runs
     * after interrupted backups are failed, so a pre-restore snapshot can be taken again.
     */
    @EventListener(LeaseTaken.class)
    @Order(Ordered.LOWEST_PRECEDENCE)
    void resumeInterrupted() {
        for (RestoreView restore : ledger.unfinished()) {
            if (runHere.contains(restore.id())) {
                continue;
            }
            events.warning(restore.restoredCluster(), "RestoreResumed", "the panel stopped during restore " + restore.id()
                    + "; carrying on from the step it was in", EventLog.SYSTEM);
            runInHere(restore.id());
        }
    }

    private void runInHere(String id) {
        runHere.add(id);
        runner.execute(() -> {
            try {
                procedure.run(id);
            } finally {
                runHere.remove(id);
            }
        });
    }

    @Override
    public void destroy() {
        runner.shutdownNow();
    }

    private static void check(RestoreRequest request) {
        List<FieldProblem> problems = new ArrayList<>();
        if (request.snapshotId() == null || request.snapshotId().isBlank()) {
            problems.add(new FieldProblem("snapshotId", "is required: the id of a succeeded snapshot of this cluster"));
        }
        if (!RestoreRequest.IN_PLACE.equals(request.mode()) && !RestoreRequest.NEW_CLUSTER.equals(request.mode())) {
            problems.add(new FieldProblem("mode", "must be in-place or new-cluster"));
        } else if (request.inPlace() && request.targetName() != null) {
            problems.add(new FieldProblem("targetName", "is only for mode new-cluster; an in-place restore writes this cluster"));
        } else if (!request.inPlace() && (request.targetName() == null || request.targetName().isBlank())) {
            problems.add(new FieldProblem("targetName", "is required for mode new-cluster: the name of the cluster to create"));
        }
        if (!problems.isEmpty()) {
            throw new InvalidSpec(problems);
        }
    }

    private SnapshotView snapshotOf(String cluster, String snapshotId) {
        SnapshotView snapshot;
        try {
            snapshot = backups.get(snapshotId);
        } catch (SnapshotNotFound e) {
            throw new InvalidSnapshot("there is no snapshot " + snapshotId);
        }
        if (!snapshot.cluster().equals(cluster)) {
            throw new InvalidSnapshot("snapshot " + snapshotId + " belongs to cluster " + snapshot.cluster()
                    + "; restore it from there, or import its file into " + cluster);
        }
        return snapshot;
    }

    private void refuseWhereRuntimeCannot(ClusterView cluster) {
        runtimes.get(cluster.runtime()).restoreRefusal(cluster.spec()).ifPresent(why -> {
            throw new InvalidSpec(List.of(new FieldProblem("mode", why)));
        });
    }

    /** A copy of the source's spec under the target name. */
    private static ClusterRequest copyOf(ClusterView source, String targetName) {
        return new ClusterRequest(targetName, source.replicas(), source.version(), source.runtime(), source.namespace(),
                source.storage(), source.resources(), source.quotaBackendBytes());
    }

    private static ClusterRequest defaults(String targetName) {
        return new ClusterRequest(targetName, null, null, null, null, null, null, null);
    }

    /** Adds the new cluster, held by the restore; a bad name is the targetName field's problem. */
    private ClusterView createTarget(ClusterRequest target, String restoreId, String actor) {
        try {
            return catalogue.createForRestore(target, restoreId, actor);
        } catch (InvalidSpec e) {
            throw new InvalidSpec(e.problems().stream()
                    .map(problem -> problem.field().equals("name") ? new FieldProblem("targetName", problem.message()) : problem).toList());
        }
    }
}
