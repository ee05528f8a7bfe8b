package io.etcdpanel.backup;

import java.time.Duration;
import java.util.HashSet;
import java.util.Set;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.autoconfigure.context.LifecycleProperties;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

/**
 * Owns the backups' part of a shutdown: from the moment the context closes no new backup is admitted,
 * and the ones running get the grace period to finish; those still running then are cancelled.
 * It stops in the first lifecycle phase, before the web server's graceful shutdown, so while it waits
 * the panel still answers (readiness is already DOWN: Boot refuses traffic before any phase stops).
 */
@Component
class BackupDrain implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(BackupDrain.class);
    // a cancelled stream ends within its half-second look; this only bounds an inspection already under way
    private static final Duration CANCEL_WAIT = Duration.ofSeconds(5);

    private final Duration grace;
    private final Set<Ticket> running = new HashSet<>();
    private boolean admitting;

    BackupDrain(ShutdownProperties properties, LifecycleProperties lifecycle) {
        this.grace = properties.grace();
        Duration needed = grace.plus(CANCEL_WAIT);
        if (lifecycle.getTimeoutPerShutdownPhase().compareTo(needed) < 0) {
            // Spring would stop waiting for the drain and close the database under the backups it waits for
            throw new IllegalStateException("etcdpanel.shutdown.grace=" + grace + " needs spring.lifecycle.timeout-per-shutdown-phase of at least "
                    + needed + ", it is " + lifecycle.getTimeoutPerShutdownPhase());
        }
    }

    /** One admitted backup: it asks whether it was cancelled, and closes when it has ended. */
    final class Ticket implements AutoCloseable {

        private volatile boolean cancelled;

        boolean cancelled() {
            return cancelled;
        }

        @Override
        public void close() {
            synchronized (BackupDrain.this) {
                running.remove(this);
                BackupDrain.this.notifyAll();
            }
        }
    }

    /** Admits a new backup, unless the panel is shutting down. */
    synchronized Ticket admit() {
        if (!admitting) {
            throw new PanelShuttingDown();
        }
        Ticket ticket = new Ticket();
        running.add(ticket);
        return ticket;
    }

    @Override
    public synchronized void start() {
        admitting = true;
    }

    /** Stops admitting, waits out the grace period, cancels what still runs and waits for it to clean up. */
    @Override
    public synchronized void stop() {
        admitting = false;
        if (!running.isEmpty()) {
            log.info("shutting down: waiting up to {} s for {} backup(s) to finish", grace.toSeconds(), running.size());
        }
        if (!awaitNoneRunning(grace)) {
            log.warn("shutting down: cancelling {} backup(s) still running after {} s", running.size(), grace.toSeconds());
            running.forEach(ticket -> ticket.cancelled = true);
            awaitNoneRunning(CANCEL_WAIT);
        }
    }

    @Override
    public void stop(Runnable callback) {
        // on its own thread: the other beans of this phase (the scheduler) stop meanwhile
        Thread drain = new Thread(() -> {
            try {
                stop();
            } finally {
                callback.run();
            }
        }, "backup-drain");
        drain.setDaemon(true);
        drain.start();
    }

    @Override
    public synchronized boolean isRunning() {
        return admitting;
    }

    private boolean awaitNoneRunning(Duration bound) {
        long deadline = System.nanoTime() + bound.toNanos();
        try {
            while (!running.isEmpty()) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    return false;
                }
                wait(Math.max(1, left / 1_000_000));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
        return true;
    }
}
