package io.etcdpanel.api;

import com.fasterxml.jackson.annotation.JsonUnwrapped;
import io.etcdpanel.backup.BackupService;
import io.etcdpanel.backup.SnapshotView;
import io.etcdpanel.catalogue.ClusterView;

/** A cluster as the API returns it: the catalogue's view, plus its backup schedule (none yet) and last snapshot. */
record ClusterResponse(@JsonUnwrapped ClusterView cluster, Object backupSchedule, SnapshotView lastSnapshot) {

    static ClusterResponse of(ClusterView cluster, BackupService backups) {
        return new ClusterResponse(cluster, null, backups.latest(cluster.name()).orElse(null));
    }
}
