package io.etcdpanel.backup;

import java.time.Instant;

/**
 * A snapshot as the API shows it (shared/docs/api.md), plus: the key count {@code snapshot status}
 * reports, the user keys it holds (-1 until known), when it was restore-tested and what failed, and
 * the bytes streamed so far, and for a scheduled backup the due time of the run it is.
 */
public record SnapshotView(
        String id,
        String cluster,
        SnapshotStatus status,
        String trigger,
        Instant startedAt,
        Instant finishedAt,
        long sizeBytes,
        long revision,
        long keyCount,
        String sha256,
        String etcdVersion,
        String takenFrom,
        String location,
        boolean verified,
        String error,
        long userKeys,
        Instant restoreTestedAt,
        String restoreTestError,
        long bytesStreamed,
        Instant scheduledFor) {

    SnapshotView withBytesStreamed(long bytes) {
        return new SnapshotView(id, cluster, status, trigger, startedAt, finishedAt, sizeBytes, revision, keyCount, sha256, etcdVersion,
                takenFrom, location, verified, error, userKeys, restoreTestedAt, restoreTestError, bytes, scheduledFor);
    }
}
