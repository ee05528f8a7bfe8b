package io.etcdpanel.reconcile;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import io.etcdpanel.catalogue.ClusterCatalogue;
import io.etcdpanel.catalogue.ClusterHeldForRestore;
import io.etcdpanel.catalogue.ClusterSpec;
import io.etcdpanel.catalogue.ClusterSpecChanged;
import io.etcdpanel.catalogue.ClusterView;
import io.etcdpanel.health.ClusterHealth;
import io.etcdpanel.health.HealthMonitor;
import io.etcdpanel.lease.LeaderLease;
import io.etcdpanel.lease.LeaseTaken;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;
import org.springframework.transaction.event.TransactionalEventListener;

/**
 * Schedules passes: every interval one concurrent health sweep over all clusters, then a pass per
 * cluster; an immediate pass when a spec changes; a quick follow-up while a cluster is converging. Only while this
 * panel holds the lease: another panel's spec changes reach it at its next sweep.
 */
@Component
class ReconcileLoop implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(ReconcileLoop.class);

    private final ClusterCatalogue catalogue;
    private final HealthMonitor healthMonitor;
    private final ClusterReconciler reconciler;
    private final ReconcileProperties properties;
    private final LeaderLease lease;
    private final WorkQueue queue = new WorkQueue();
    private final Requeues requeues;
    private ScheduledExecutorService timer;
    private ExecutorService workers;
    private volatile boolean running;

    ReconcileLoop(ClusterCatalogue catalogue, HealthMonitor healthMonitor, ClusterReconciler reconciler,
            ReconcileProperties properties, LeaderLease lease) {
        this.catalogue = catalogue;
        this.healthMonitor = healthMonitor;
        this.reconciler = reconciler;
        this.properties = properties;
        this.lease = lease;
        this.requeues = new Requeues(properties);
    }

    @TransactionalEventListener(fallbackExecution = true)
    void onSpecChanged(ClusterSpecChanged changed) {
        if (lease.held()) {
            queue.add(changed.cluster(), null);
        }
    }

    /** A panel that takes over sweeps at once rather than an interval later. */
    @EventListener
    void onLeaseTaken(LeaseTaken taken) {
        if (running) {
            timer.execute(this::sweep);
        }
    }

    /**
     * A restore may touch the members only once no pass can: passes that start now see the hold and
     * stay away, so the restore waits for one already running to end.
     */
    @TransactionalEventListener(fallbackExecution = true)
    void onHeldForRestore(ClusterHeldForRestore held) throws InterruptedException {
        if (!queue.awaitNoPass(held.cluster(), properties.passTimeout())) {
            log.warn("{}: a reconcile pass still runs {} s after a restore took hold", held.cluster(), properties.passTimeout().toSeconds());
        }
    }

    @Override
    public void start() {
        running = true;
        timer = Executors.newSingleThreadScheduledExecutor(named("reconcile-timer"));
        workers = Executors.newFixedThreadPool(properties.workers(), named("reconcile-worker"));
        for (int i = 0; i < properties.workers(); i++) {
            workers.execute(this::work);
        }
        timer.scheduleWithFixedDelay(this::sweep, 0, properties.interval().toMillis(), TimeUnit.MILLISECONDS);
    }

    @Override
    public void stop() {
        running = false;
        timer.shutdownNow();
        workers.shutdownNow();
        try {
            workers.awaitTermination(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    private void sweep() {
        if (!lease.held()) {
            return;
        }
        try {
            List<ClusterView> reconciled = catalogue.list().stream().filter(cluster -> !cluster.restoring()).toList();
            List<ClusterSpec> specs = reconciled.stream().filter(cluster -> !cluster.deleting()).map(ClusterView::spec).toList();
            Map<String, ClusterHealth> looks = healthMonitor.checkAll(specs);
            reconciled.forEach(cluster -> queue.add(cluster.name(), looks.get(cluster.name())));
        } catch (RuntimeException e) {
            log.warn("health sweep failed: {}", e.getMessage(), e);
        }
    }

    private void work() {
        while (running) {
            String cluster;
            try {
                cluster = queue.take();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
            try {
                if (!lease.held()) {
                    requeues.settled(cluster);
                    continue;
                }
                ClusterReconciler.Outcome outcome = reconciler.reconcile(cluster, queue.takeObservation(cluster));
                if (outcome == ClusterReconciler.Outcome.IN_PROGRESS && running) {
                    requeues.next(cluster).ifPresent(delay -> timer.schedule(() -> {
                        requeues.fired(cluster);
                        queue.add(cluster, null);
                    }, delay.toMillis(), TimeUnit.MILLISECONDS));
                } else {
                    requeues.settled(cluster);
                }
            } catch (RuntimeException e) {
                log.error("{}: pass ended with an unexpected error", cluster, e);
            } finally {
                queue.done(cluster);
            }
        }
    }

    private static java.util.concurrent.ThreadFactory named(String prefix) {
        AtomicInteger count = new AtomicInteger();
        return runnable -> {
            Thread thread = new Thread(runnable, prefix + "-" + count.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        };
    }
}
