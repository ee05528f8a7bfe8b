package io.etcdpanel.backup;

import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import io.etcdpanel.catalogue.ClusterBeingRestored;
import io.etcdpanel.catalogue.ClusterNotFound;
import io.etcdpanel.events.EventLog;
import io.etcdpanel.lease.LeaderLease;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/**
 * Runs scheduled backups: every second, claims the runs that are due and starts them. A panel that
 * was down when runs were due finds its schedule overdue and takes one catch-up backup, not one per
 * missed slot. After a scheduled backup succeeds, the retention of that schedule is applied. Only the lease holder
 * claims runs, and takes over the backups of panels that went away; the claim's conditional update still keeps a run to
 * one backup should two panels both believe they hold it.
 */
@Component
class BackupScheduler implements SmartLifecycle {

    static final String ACTOR = "schedule";
    private static final Logger log = LoggerFactory.getLogger(BackupScheduler.class);
    private static final Duration TICK = Duration.ofSeconds(1);
    private static final Duration STOP_BOUND = Duration.ofSeconds(10);

    private final ScheduleService schedules;
    private final BackupService backups;
    private final EventLog events;
    private final Clock clock;
    private final LeaderLease lease;
    private ScheduledExecutorService timer;

    BackupScheduler(ScheduleService schedules, BackupService backups, EventLog events, Clock clock, LeaderLease lease) {
        this.schedules = schedules;
        this.backups = backups;
        this.events = events;
        this.clock = clock;
        this.lease = lease;
    }

    @Override
    public void start() {
        timer = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "backup-scheduler");
            thread.setDaemon(true);
            return thread;
        });
        timer.scheduleWithFixedDelay(this::runDue, TICK.toMillis(), TICK.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** Lets a tick under way end rather than interrupting it: an interrupt in the middle of H2's file I/O closes the database. */
    @Override
    public void stop() {
        timer.shutdown();
        try {
            if (!timer.awaitTermination(STOP_BOUND.toMillis(), TimeUnit.MILLISECONDS)) {
                log.warn("scheduled backups: a tick still runs {} s after stop; interrupting it", STOP_BOUND.toSeconds());
                timer.shutdownNow();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public boolean isRunning() {
        return timer != null && !timer.isShutdown();
    }

    @EventListener
    void applyRetention(BackupFinished finished) {
        if (!finished.succeeded()) {
            return;
        }
        schedules.schedule(finished.cluster()).ifPresent(schedule -> {
            for (SnapshotView expired : RetentionPolicy.toDelete(backups.newestFirst(finished.cluster()), schedule.keepLast(),
                    schedule.maxAgeDuration(), clock.instant())) {
                try {
                    backups.delete(expired.id(), "retention");
                } catch (IOException | RuntimeException e) {
                    log.warn("{}: retention could not delete snapshot {}: {}", finished.cluster(), expired.id(), e.getMessage());
                }
            }
        });
    }

    private void runDue() {
        if (!lease.held()) {
            return;
        }
        try {
            backups.takeOverOrphans();
            for (ScheduleService.DueRun run : schedules.due()) {
                try {
                    backups.backUpDue(run, ACTOR);
                } catch (PanelShuttingDown e) {
                    log.info("{}: the run due at {} not claimed, the panel is shutting down; the next holder takes it", run.cluster(),
                            run.dueAt());
                } catch (BackupAlreadyRunning | ClusterBeingRestored e) {
                    if (schedules.claimSkipped(run)) {
                        events.warning(run.cluster(), "ScheduledBackupSkipped", "the run due at " + run.dueAt() + " is skipped: "
                                + e.getMessage(), ACTOR);
                    }
                } catch (ClusterNotFound e) {
                    log.info("{}: scheduled backup skipped, the cluster is gone", run.cluster());
                }
            }
        } catch (IOException | RuntimeException e) {
            log.warn("scheduled backups: {}", e.getMessage(), e);
        }
    }
}
