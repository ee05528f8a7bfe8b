package io.etcdpanel.api;

import com.fasterxml.jackson.annotation.JsonUnwrapped;
import io.etcdpanel.backup.BackupService;
import io.etcdpanel.backup.ScheduleService;
import io.etcdpanel.backup.ScheduleView;
import io.etcdpanel.backup.SnapshotView;
import io.etcdpanel.catalogue.ClusterView;

/** A cluster as the API returns it: the catalogue's view, plus its backup schedule and last snapshot. */
record ClusterResponse(@JsonUnwrapped ClusterView cluster, ScheduleView backupSchedule, SnapshotView lastSnapshot) {

    static ClusterResponse of(ClusterView cluster, ScheduleService schedules, BackupService backups) {
        return new ClusterResponse(cluster, schedules.find(cluster.name()).orElse(null), backups.latest(cluster.name()).orElse(null));
    }
}
