package io.etcdpanel.events;

import java.time.Instant;

/** One audit entry as the API and the page show it. */
public record AuditView(long id, Instant startedAt, Instant finishedAt, String actor, String action, String method, String path,
        String cluster, String snapshotId, String snapshotSha256, AuditOutcome outcome, Integer status, String detail) {
}
