package io.etcdpanel.backup;

import java.time.Clock;
import java.util.Optional;

import io.etcdpanel.catalogue.Condition;
import org.springframework.stereotype.Component;

/** Works out a cluster's {@code BackupHealthy} condition from its schedule and its newest good backup. */
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
        Optional<java.time.Instant> newestGood = ledger.newestFirst(cluster).stream()
                .filter(snapshot -> snapshot.status() == SnapshotStatus.Succeeded).map(SnapshotView::finishedAt).findFirst();
        return BackupHealth.condition(schedules.schedule(cluster).map(BackupSchedule::view), newestGood, clock.instant());
    }
}
