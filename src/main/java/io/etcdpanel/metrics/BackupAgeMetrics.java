package io.etcdpanel.metrics;

import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import io.etcdpanel.backup.BackupFinished;
import io.etcdpanel.backup.BackupHealthCheck;
import io.etcdpanel.catalogue.ClusterRemoved;
import io.etcdpanel.events.EventRecorded;
import io.etcdpanel.reconcile.ReconcilePassFinished;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.MultiGauge;
import io.micrometer.core.instrument.Tags;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;
import org.springframework.transaction.event.TransactionalEventListener;

/**
 * Owns the meters that say how old a cluster's backups may get: when its newest good backup finished and how far apart
 * its scheduled backups are. Both are read from the backup records, so they hold from the panel's first pass over a
 * cluster, not only after a backup in this process; they are read again when a backup ends or the schedule changes.
 */
@Component
class BackupAgeMetrics {

    private static final Logger log = LoggerFactory.getLogger(BackupAgeMetrics.class);
    private static final Set<String> SCHEDULE_EVENTS = Set.of("BackupScheduleSet", "BackupScheduleDeleted");

    private final BackupHealthCheck backups;
    private final LatestRows lastSuccess;
    private final LatestRows schedulePeriod;
    private final Set<String> seen = ConcurrentHashMap.newKeySet();

    BackupAgeMetrics(BackupHealthCheck backups, MeterRegistry registry) {
        this.backups = backups;
        this.lastSuccess = new LatestRows(MultiGauge.builder("etcdpanel.backup.last.success.timestamp").baseUnit("seconds")
                .description("when the newest good backup finished (Unix time)").register(registry));
        this.schedulePeriod = new LatestRows(MultiGauge.builder("etcdpanel.backup.schedule.period").baseUnit("seconds")
                .description("how far apart the cluster's scheduled backups are, while its schedule is enabled").register(registry));
    }

    @EventListener
    void onPass(ReconcilePassFinished pass) {
        if (seen.add(pass.cluster())) {
            read(pass.cluster());
        }
    }

    // after the commit, so the read sees what was written and a failed read cannot roll the writer back
    @TransactionalEventListener(fallbackExecution = true)
    void onBackup(BackupFinished backup) {
        read(backup.cluster());
    }

    @TransactionalEventListener(fallbackExecution = true)
    void onEvent(EventRecorded event) {
        if (SCHEDULE_EVENTS.contains(event.reason())) {
            read(event.cluster());
        }
    }

    @EventListener
    void onRemoved(ClusterRemoved removed) {
        seen.remove(removed.cluster());
        lastSuccess.forget(removed.cluster());
        schedulePeriod.forget(removed.cluster());
    }

    /** Never throws: the listener runs on the publisher's thread, and a pass or a backup must not fail over a meter. */
    private void read(String cluster) {
        Tags tags = Tags.of("cluster", cluster);
        try {
            lastSuccess.show(cluster, backups.newestGood(cluster)
                    .map(finished -> Map.of(tags, finished.toEpochMilli() / 1000.0)).orElse(Map.of()));
            schedulePeriod.show(cluster, backups.schedulePeriod(cluster)
                    .map(period -> Map.of(tags, (double) period.toSeconds())).orElse(Map.of()));
        } catch (RuntimeException e) {
            seen.remove(cluster);
            log.warn("{}: could not read the backup records for the backup-age meters; trying again on the next pass", cluster, e);
        }
    }
}
