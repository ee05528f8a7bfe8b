package io.etcdpanel.restore;

import java.time.Instant;
import java.util.List;

/** A restore as the API shows it (shared/docs/api.md), plus its target cluster and who asked. */
public record RestoreView(
        String id,
        String cluster,
        String snapshotId,
        String mode,
        String targetName,
        RestoreStatus status,
        String preRestoreSnapshotId,
        List<RestoreStep> steps,
        Instant startedAt,
        Instant finishedAt,
        String error,
        String actor) {

    /** The cluster whose members this restore writes: the one restored in place, or the new one. */
    public String restoredCluster() {
        return targetName != null ? targetName : cluster;
    }

    public boolean finished() {
        return status == RestoreStatus.Succeeded || status == RestoreStatus.Failed;
    }
}
