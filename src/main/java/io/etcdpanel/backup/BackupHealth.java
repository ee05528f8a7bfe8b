package io.etcdpanel.backup;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

import io.etcdpanel.catalogue.Condition;

/**
 * The {@code BackupHealthy} condition: false when the newest good backup is older than two periods
 * of the cluster's schedule. Pure; the period is the gap between the schedule's next two runs.
 */
final class BackupHealth {

    static final String TYPE = "BackupHealthy";

    private BackupHealth() {
    }

    static Condition condition(Optional<ScheduleView> schedule, Optional<Instant> newestGood, Instant now) {
        if (schedule.isEmpty() || !schedule.get().enabled()) {
            return new Condition(TYPE, "Unknown", "NoSchedule", "no backup schedule is enabled", null);
        }
        Duration period = CronSchedule.parse(schedule.get().cron(), schedule.get().timeZone()).period(now);
        if (newestGood.isEmpty()) {
            return schedule.get().lastRunAt() == null
                    ? new Condition(TYPE, "Unknown", "NoBackupYet", "the schedule has not run yet", null)
                    : Condition.of(TYPE, false, "NoGoodBackup", "no backup has succeeded yet; look at the snapshot history");
        }
        Duration age = Duration.between(newestGood.get(), now);
        boolean fresh = age.compareTo(period.multipliedBy(2)) <= 0;
        // the message names the backup's time, not its age, so a status that did not change is not written again
        return Condition.of(TYPE, fresh, fresh ? "RecentBackup" : "BackupStale", "the newest good backup finished at "
                + newestGood.get() + "; the schedule runs every " + period.toSeconds() + " s"
                + (fresh ? "" : ", so it is more than two runs old"));
    }
}
