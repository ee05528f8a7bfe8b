package io.etcdpanel.backup;

import java.time.Duration;
import java.time.Instant;

/** Published when a backup ends, for whoever measures (metrics); {@code failure} is null on success. */
public record BackupFinished(String cluster, Duration took, long sizeBytes, Instant finishedAt, String failure) {

    public boolean succeeded() {
        return failure == null;
    }
}
