package io.etcdpanel.backup;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

import io.etcdpanel.catalogue.Condition;
import org.springframework.stereotype.Component;

/** Works out a cluster's {@code BackupHealthy} condition, and the facts it rests on, from its schedule and its newest good backup. */
@Component
public class BackupHealthCheck {

    private final ScheduleService schedules;
    private final SnapshotLedger ledger;
    private final Clock clock;

    BackupHealthCheck(ScheduleService schedules, SnapshotLedger ledger, Clock clock) {
        this.schedules = schedules;
        this.ledger = ledger;
        this.clock = clock;
    }

    public Condition condition(String cluster) {
        return BackupHealth.condition(schedules.schedule(cluster).map(BackupSchedule::view), newestGood(cluster), clock.instant());
    }

    /** When the cluster's newest good backup finished, if it has one. */
    public Optional<Instant> newestGood(String cluster) {
        return ledger.newestFirst(cluster).stream()
                .filter(snapshot -> snapshot.status() == SnapshotStatus.Succeeded).map(SnapshotView::finishedAt).findFirst();
    }

    /** How far apart the cluster's scheduled backups are, when it has an enabled schedule. */
    public Optional<Duration> schedulePeriod(String cluster) {
        return schedules.schedule(cluster).filter(schedule -> schedule.view().enabled())
                .map(schedule -> schedule.cronSchedule().period(clock.instant()));
    }
}
