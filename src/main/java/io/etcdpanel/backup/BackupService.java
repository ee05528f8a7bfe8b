package io.etcdpanel.backup;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;
import java.util.stream.Collectors;

import io.etcdpanel.catalogue.ClusterBeingRestored;
import io.etcdpanel.catalogue.ClusterCatalogue;
import io.etcdpanel.catalogue.ClusterSpec;
import io.etcdpanel.catalogue.ClusterView;
import io.etcdpanel.etcd.EtcdCallFailed;
import io.etcdpanel.etcd.Keyspace;
import io.etcdpanel.etcd.SnapshotStreamer;
import io.etcdpanel.events.EventLog;
import io.etcdpanel.lease.LeaderLease;
import io.etcdpanel.lease.LeaseTaken;
import io.etcdpanel.health.HealthMonitor;
import io.etcdpanel.health.MemberHealth;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.event.EventListener;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Service;

/**
 * Takes, imports, lists and deletes snapshots. A backup streams from one healthy member (a
 * follower when there is one) into a staged file, checked as it is written (size and trailing
 * sha256) and then read by etcd's own {@code snapshot status}, before it is committed and recorded;
 * on any failure the staged file is dropped and the record says why.
 */
@Service
public class BackupService implements DisposableBean {

    private static final Logger log = LoggerFactory.getLogger(BackupService.class);

    private final ClusterCatalogue catalogue;
    private final HealthMonitor healthMonitor;
    private final SnapshotStreamer streamer;
    private final SnapshotStore store;
    private final SnapshotInspector inspector;
    private final SnapshotLedger ledger;
    private final RestoreTester tester;
    private final Keyspace keyspace;
    private final EventLog events;
    private final ApplicationEventPublisher publisher;
    private final BackupProperties properties;
    private final BackupDrain drain;
    private final LeaderLease lease;
    private final ScheduleService schedules;
    private final Clock clock;
    private static final Duration WAIT_FOR_RUNNING = Duration.ofMillis(200);
    private final Map<String, Long> streamed = new ConcurrentHashMap<>();
    /** The backups this panel runs, whose records and staged files a takeover leaves alone. */
    private final Set<String> runHere = ConcurrentHashMap.newKeySet();
    private final ExecutorService runner = Executors.newFixedThreadPool(2, runnable -> {
        Thread thread = new Thread(runnable, "backup");
        thread.setDaemon(true);
        return thread;
    });

    BackupService(ClusterCatalogue catalogue, HealthMonitor healthMonitor, SnapshotStreamer streamer, SnapshotStore store,
            SnapshotInspector inspector, SnapshotLedger ledger, RestoreTester tester, Keyspace keyspace, EventLog events,
            ApplicationEventPublisher publisher, BackupProperties properties, BackupDrain drain, LeaderLease lease, ScheduleService schedules,
            Clock clock) {
        this.catalogue = catalogue;
        this.healthMonitor = healthMonitor;
        this.streamer = streamer;
        this.store = store;
        this.inspector = inspector;
        this.ledger = ledger;
        this.tester = tester;
        this.keyspace = keyspace;
        this.events = events;
        this.publisher = publisher;
        this.properties = properties;
        this.drain = drain;
        this.lease = lease;
        this.schedules = schedules;
        this.clock = clock;
    }

    /** Starts a backup and returns its Running record at once. */
    public SnapshotView backUpNow(String cluster, String actor) {
        return backUp(cluster, Snapshot.MANUAL, actor);
    }

    SnapshotView backUp(String cluster, String trigger, String actor) {
        ClusterSpec spec = heldByNoRestore(cluster).spec();
        BackupDrain.Ticket ticket = drain.admit();
        SnapshotView running;
        try {
            running = ledger.start(cluster, trigger, lease.instanceId(), null);
        } catch (RuntimeException e) {
            ticket.close();
            throw e;
        }
        runInBackground(spec, running, ticket, actor);
        return running;
    }

    /**
     * Claims a due scheduled run and starts its backup, the claim and the Running record in one transaction; false when
     * another panel claimed the run first. A panel shutting down claims nothing: the run stays due for the next holder.
     */
    boolean backUpDue(ScheduleService.DueRun run, String actor) {
        ClusterSpec spec = heldByNoRestore(run.cluster()).spec();
        BackupDrain.Ticket ticket = drain.admit();
        Optional<SnapshotView> running;
        try {
            running = schedules.claimWithBackup(run, lease.instanceId());
        } catch (RuntimeException e) {
            ticket.close();
            throw e;
        }
        if (running.isEmpty()) {
            ticket.close();
            return false;
        }
        log.info("{}: the run due at {} claimed as backup {}", run.cluster(), run.dueAt(), running.get().id());
        runInBackground(spec, running.get(), ticket, actor);
        return true;
    }

    private void runInBackground(ClusterSpec spec, SnapshotView running, BackupDrain.Ticket ticket, String actor) {
        runHere.add(running.id());
        events.normal(spec.name(), "BackupStarted", "backup " + running.id() + " started", actor);
        runner.execute(() -> {
            SnapshotView taken;
            try (ticket) {
                taken = take(spec, running.id(), actor, ticket::cancelled);
            } finally {
                runHere.remove(running.id());
            }
            restoreTest(taken, actor);
        });
    }

    /**
     * Takes a snapshot of a cluster about to be restored, on the caller's thread, once any backup
     * already running has ended; returns its final record (Succeeded or Failed).
     */
    public SnapshotView takePreRestore(String cluster, String actor) {
        ClusterSpec spec = catalogue.get(cluster).spec();
        long deadline = System.nanoTime() + properties.snapshotTimeout().toNanos();
        SnapshotView running = null;
        while (running == null) {
            try {
                running = ledger.start(cluster, Snapshot.PRE_RESTORE, lease.instanceId(), null);
            } catch (BackupAlreadyRunning e) {
                if (System.nanoTime() > deadline) {
                    throw e;
                }
                LockSupport.parkNanos(WAIT_FOR_RUNNING.toNanos());
            }
        }
        events.normal(cluster, "BackupStarted", "pre-restore backup " + running.id() + " started", actor);
        // a restore waits for its pre-restore snapshot; the shutdown does not cancel it
        runHere.add(running.id());
        SnapshotView taken;
        try {
            taken = take(spec, running.id(), actor, () -> false);
        } finally {
            runHere.remove(running.id());
        }
        runner.execute(() -> restoreTest(taken, actor));
        return taken;
    }

    /**
     * The file of a snapshot a restore may use: one from a succeeded backup whose bytes still match
     * the sha256 recorded when it was taken (and its own trailing digest), and that etcd's tool reads.
     */
    public Path verifiedForRestore(String id) throws IOException {
        SnapshotView snapshot = get(id);
        if (snapshot.status() != SnapshotStatus.Succeeded) {
            throw new InvalidSnapshot("snapshot " + id + " is from a backup that " + (snapshot.status() == SnapshotStatus.Failed
                    ? "failed (" + snapshot.error() + ")" : "is still running") + "; choose a succeeded snapshot");
        }
        Path file;
        VerifyingOutputStream verifying = new VerifyingOutputStream(OutputStream.nullOutputStream());
        try {
            file = store.localFile(snapshot.location());
            try (InputStream content = Files.newInputStream(file)) {
                content.transferTo(verifying);
            }
        } catch (NoSuchFileException e) {
            throw new InvalidSnapshot("the file of snapshot " + id + " is gone from the store");
        }
        verifying.close();
        if (!verifying.verify().equals(snapshot.sha256())) {
            throw new InvalidSnapshot("the file of snapshot " + id + " no longer matches the sha256 recorded when it was taken");
        }
        if (inspector.inspect(file).revision() != snapshot.revision()) {
            throw new InvalidSnapshot("etcd's tool reads another revision from snapshot " + id + " than was recorded");
        }
        return file;
    }

    /** Checks an etcd snapshot file made elsewhere and adds it to the cluster's history. */
    public SnapshotView importSnapshot(String cluster, InputStream body, String actor) {
        catalogue.get(cluster);
        String id = UUID.randomUUID().toString();
        try (SnapshotStore.Staged staged = store.stage(cluster, id)) {
            VerifyingOutputStream verifying = new VerifyingOutputStream(staged.output());
            body.transferTo(verifying);
            verifying.close();
            SnapshotFacts facts = checkAndCommit(staged, verifying, null, "import", () -> false);
            SnapshotView imported = ledger.recordImported(id, cluster, facts);
            events.normal(cluster, "SnapshotImported", "imported snapshot " + id + ": revision " + facts.revision() + ", "
                    + facts.sizeBytes() + " bytes", actor);
            runner.execute(() -> restoreTest(imported, actor));
            return imported;
        } catch (IOException e) {
            throw new IllegalStateException("cannot store the imported snapshot: " + e.getMessage(), e);
        }
    }

    public List<SnapshotView> newestFirst(String cluster) {
        catalogue.get(cluster);
        return ledger.newestFirst(cluster).stream().map(this::withProgress).toList();
    }

    /** The snapshots the query names, of clusters in the catalogue or gone from it, newest first. */
    public List<ListedSnapshot> list(SnapshotQuery query) {
        Set<String> catalogued = catalogue.list().stream().map(ClusterView::name).collect(Collectors.toSet());
        return ledger.newestFirstOfAll().stream().map(snapshot -> new ListedSnapshot(withProgress(snapshot), !catalogued.contains(snapshot.cluster())))
                .filter(query::admits).toList();
    }

    public Optional<SnapshotView> latest(String cluster) {
        return ledger.newestFirst(cluster).stream().findFirst().map(this::withProgress);
    }

    public SnapshotView get(String id) {
        return ledger.find(id).map(this::withProgress).orElseThrow(() -> new SnapshotNotFound(id));
    }

    /** The snapshot's file; only a succeeded snapshot has one. */
    public InputStream open(String id) throws IOException {
        SnapshotView snapshot = get(id);
        if (snapshot.status() != SnapshotStatus.Succeeded) {
            throw new SnapshotNotFound(id + " with a file (it is " + snapshot.status() + ")");
        }
        return store.open(snapshot.location());
    }

    public void delete(String id, String actor) throws IOException {
        SnapshotView snapshot = get(id);
        if (snapshot.status() == SnapshotStatus.Running) {
            throw new BackupAlreadyRunning(snapshot.cluster());
        }
        // a snapshot whose cluster is gone is nobody's to restore now
        if (catalogue.find(snapshot.cluster()).filter(ClusterView::restoring).isPresent()) {
            throw new ClusterBeingRestored(snapshot.cluster());
        }
        if (snapshot.location() != null) {
            store.delete(snapshot.location());
        }
        ledger.delete(id);
        events.normal(snapshot.cluster(), "SnapshotDeleted", "deleted snapshot " + id, actor);
    }

    /** Drops every snapshot of a cluster that is being deleted, when asked to. */
    public void deleteAll(String cluster, String actor) throws IOException {
        for (SnapshotView snapshot : ledger.newestFirst(cluster)) {
            if (snapshot.status() != SnapshotStatus.Running) {
                delete(snapshot.id(), actor);
            }
        }
    }

    /** On taking the lease: takes over the backups of panels that are gone, and drops every staged file no live backup writes. */
    @EventListener(LeaseTaken.class)
    @Order(Ordered.HIGHEST_PRECEDENCE)
    void takeOverAtLeaseTaken() throws IOException {
        takeOver(true);
    }

    /** While this panel holds the lease: takes over the backups of panels that went away since. */
    void takeOverOrphans() throws IOException {
        takeOver(false);
    }

    /**
     * A backup left Running by a panel that is gone (its presence lapsed; or any other, when this one is declared the only
     * panel and has just taken the lease) is failed, or, when it is a scheduled run, taken again here under a new record
     * for the same due time. A backup run by a live panel is left alone, lease holder or not: it records its own outcome
     * (and a panel that was deemed gone but wakes up finds its record taken over and drops its file).
     */
    private synchronized void takeOver(boolean atLeaseTaken) throws IOException {
        // a panel declared the only one takes over from every other at once, as after its own crash and restart
        Set<String> live = atLeaseTaken && lease.declaredOnly() ? Set.of(lease.instanceId()) : lease.livePanels();
        List<SnapshotLedger.Orphan> orphans = ledger.takeOver(live, lease.instanceId());
        if (atLeaseTaken || !orphans.isEmpty()) {
            Set<String> inUse = new HashSet<>(ledger.runningBy(live));
            inUse.addAll(runHere);
            store.dropStaged(inUse);
        }
        for (SnapshotLedger.Orphan orphan : orphans) {
            SnapshotView left = orphan.left();
            if (orphan.retaken() == null) {
                events.warning(left.cluster(), "SnapshotFailed", "backup " + left.id() + " failed: the panel running it stopped",
                        EventLog.SYSTEM);
            } else {
                events.warning(left.cluster(), "BackupRetaken", "the panel running scheduled backup " + left.id() + " (the run due at "
                        + left.scheduledFor() + ") stopped; backup " + orphan.retaken().id() + " takes that run again", EventLog.SYSTEM);
                runRetaken(orphan.retaken());
            }
        }
    }

    private void runRetaken(SnapshotView retaken) {
        ClusterSpec spec;
        BackupDrain.Ticket ticket;
        try {
            spec = heldByNoRestore(retaken.cluster()).spec();
            ticket = drain.admit();
        } catch (PanelShuttingDown e) {
            // left Running: this panel's presence ends with it, and the next holder takes the run again
            return;
        } catch (RuntimeException e) {
            ledger.fail(retaken.id(), "the scheduled run could not be taken again: " + e.getMessage(), lease.instanceId());
            events.warning(retaken.cluster(), "SnapshotFailed", "backup " + retaken.id() + " failed: " + e.getMessage(), EventLog.SYSTEM);
            return;
        }
        runInBackground(spec, retaken, ticket, BackupScheduler.ACTOR);
    }

    @Override
    public void destroy() {
        runner.shutdownNow();
    }

    private SnapshotView withProgress(SnapshotView snapshot) {
        return snapshot.status() == SnapshotStatus.Running ? snapshot.withBytesStreamed(streamed.getOrDefault(snapshot.id(), 0L)) : snapshot;
    }

    /** The cluster, when no restore holds it; a restore may need any of its snapshots and wants its members to itself. */
    private ClusterView heldByNoRestore(String cluster) {
        ClusterView view = catalogue.get(cluster);
        if (view.restoring()) {
            throw new ClusterBeingRestored(cluster);
        }
        return view;
    }

    /**
     * Takes the backup and returns its final record; a failure is recorded, never thrown. A backup
     * cancelled before its file is committed leaves no record and no file, and gives null.
     */
    private SnapshotView take(ClusterSpec spec, String id, String actor, BooleanSupplier cancelled) {
        Instant started = clock.instant();
        streamed.put(id, 0L);
        try {
            MemberHealth source = chooseSource(spec);
            SnapshotFacts facts;
            Duration streaming;
            try (SnapshotStore.Staged staged = store.stage(spec.name(), id)) {
                Instant streamStarted = clock.instant();
                VerifyingOutputStream verifying = new VerifyingOutputStream(staged.output());
                stream(id, source, verifying, cancelled);
                streaming = Duration.between(streamStarted, clock.instant());
                facts = checkAndCommit(staged, verifying, source, source.name(), cancelled);
            }
            Optional<SnapshotView> recorded = ledger.succeed(id, facts, lease.instanceId());
            if (recorded.isEmpty()) {
                store.delete(facts.location());
                log.warn("{}: backup {} was taken over by another panel while this one ran (it was deemed gone); its file is dropped",
                        spec.name(), id);
                return null;
            }
            SnapshotView taken = recorded.get();
            events.normal(spec.name(), "SnapshotTaken", "snapshot " + id + " from " + source.name() + ": revision " + facts.revision()
                    + ", " + facts.sizeBytes() + " bytes, streamed in " + streaming.toMillis() + " ms, checked and stored in "
                    + Duration.between(started.plus(streaming), clock.instant()).toMillis() + " ms", actor);
            publisher.publishEvent(new BackupFinished(spec.name(), Duration.between(started, clock.instant()), facts.sizeBytes(),
                    clock.instant(), null));
            return taken;
        } catch (BackupCancelled e) {
            ledger.dropCancelled(id, lease.instanceId());
            events.warning(spec.name(), "BackupCancelled", "backup " + id + " cancelled and dropped: " + e.getMessage(), actor);
            return null;
        } catch (IOException | RuntimeException e) {
            String reason = e instanceof BackupFailed failed ? failed.reason() : e instanceof InvalidSnapshot ? "corrupt" : "store";
            log.warn("{}: backup {} failed: {}", spec.name(), id, e.getMessage(), e);
            Optional<SnapshotView> recorded = ledger.fail(id, e.getMessage(), lease.instanceId());
            if (recorded.isEmpty()) {
                log.warn("{}: backup {} was taken over by another panel while this one ran; its failure is not recorded", spec.name(), id);
                return null;
            }
            SnapshotView failed = recorded.get();
            events.warning(spec.name(), "SnapshotFailed", "backup " + id + " failed: " + e.getMessage(), actor);
            publisher.publishEvent(new BackupFinished(spec.name(), Duration.between(started, clock.instant()), 0, clock.instant(),
                    reason));
            return failed;
        } finally {
            streamed.remove(id);
        }
    }

    /** Restores the snapshot into a scratch member and records what it showed, when restore tests are on. */
    private void restoreTest(SnapshotView snapshot, String actor) {
        if (snapshot == null || !properties.restoreTest() || snapshot.status() != SnapshotStatus.Succeeded) {
            return;
        }
        try {
            RestoreTester.Result result = tester.test(store.localFile(snapshot.location()), snapshot.revision(), snapshot.userKeys());
            // the event first: whoever sees the record restore-tested finds the event too
            if (result.error() == null) {
                events.normal(snapshot.cluster(), "SnapshotRestoreTested", "snapshot " + snapshot.id() + " restored into a scratch member: "
                        + "revision " + snapshot.revision() + ", " + result.keys() + " keys", actor);
            } else {
                events.warning(snapshot.cluster(), "SnapshotRestoreTestFailed", "snapshot " + snapshot.id() + ": " + result.error(), actor);
            }
            ledger.restoreTested(snapshot.id(), result);
        } catch (IOException | RuntimeException e) {
            log.warn("{}: restore test of {} failed: {}", snapshot.cluster(), snapshot.id(), e.getMessage(), e);
        }
    }

    /** A healthy voting member, a follower when there is one (the leader has enough to do), the most up to date first. */
    private MemberHealth chooseSource(ClusterSpec spec) {
        return healthMonitor.check(spec).members().stream()
                .filter(member -> member.healthy() && !member.learner() && !member.clientUrls().isEmpty())
                .min(Comparator.comparing(MemberHealth::leader).thenComparing(Comparator.comparingLong(MemberHealth::raftAppliedIndex).reversed()))
                .orElseThrow(() -> new BackupFailed("no-healthy-member",
                        "no healthy member to take a snapshot from; look at the cluster's members", null));
    }

    private void stream(String id, MemberHealth source, VerifyingOutputStream target, BooleanSupplier cancelled) throws IOException {
        try {
            streamer.stream(source.clientUrls().get(0), target, properties.snapshotTimeout(), properties.stallTimeout(),
                    bytes -> streamed.put(id, bytes), cancelled);
        } catch (EtcdCallFailed e) {
            if (cancelled.getAsBoolean()) {
                throw new BackupCancelled("the panel shut down while it streamed");
            }
            throw new BackupFailed("stream", "streaming the snapshot from " + source.name() + " failed: " + e.getMessage(), e);
        }
        target.close();
    }

    /** The digest was checked while the bytes were written; etcd's own tool then reads revision and keys. */
    private SnapshotFacts checkAndCommit(SnapshotStore.Staged staged, VerifyingOutputStream written, MemberHealth source,
            String takenFrom, BooleanSupplier cancelled) throws IOException {
        String sha256 = written.verify();
        SnapshotInspector.Status status = inspector.inspect(staged.file());
        long userKeys = source == null ? -1 : keyspace.count(source.clientUrls().get(0), status.revision()).keys();
        long size = written.size();
        if (cancelled.getAsBoolean()) {
            throw new BackupCancelled("the panel shut down while it was checked");
        }
        String location = staged.commit();
        return new SnapshotFacts(size, status.revision(), status.totalKeys(), userKeys, sha256, source == null ? null : source.version(),
                takenFrom, location);
    }
}
