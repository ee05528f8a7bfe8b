package io.etcdpanel.backup;

import java.time.Duration;
import java.time.Instant;

import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/** A cluster's backup schedule: when backups run, how many scheduled ones are kept, and when it last and next runs. */
@Entity
@Table(name = "backup_schedules")
class BackupSchedule {

    static final String TRIGGER = "schedule";

    @Id
    private String cluster;
    private String cron;
    private String timeZone;
    private boolean enabled;
    private Integer keepLast;
    private String maxAge;
    private Instant lastRunAt;
    private Instant nextRunAt;

    protected BackupSchedule() {
    }

    BackupSchedule(String cluster) {
        this.cluster = cluster;
    }

    void change(ScheduleRequest request, Instant nextRun) {
        cron = request.cron().trim();
        timeZone = request.timeZone();
        enabled = request.switchedOn();
        keepLast = request.keepLast();
        maxAge = request.maxAge();
        nextRunAt = enabled ? nextRun : null;
    }

    String cluster() {
        return cluster;
    }

    CronSchedule cronSchedule() {
        return CronSchedule.parse(cron, timeZone);
    }

    Integer keepLast() {
        return keepLast;
    }

    Duration maxAgeDuration() {
        return maxAge == null ? null : Duration.parse(maxAge);
    }

    ScheduleView view() {
        return new ScheduleView(cron, timeZone, enabled, keepLast, maxAge, lastRunAt, nextRunAt);
    }
}
