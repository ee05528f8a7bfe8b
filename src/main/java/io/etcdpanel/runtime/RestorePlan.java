package io.etcdpanel.runtime;

import java.nio.file.Path;
import java.time.Duration;

/**
 * How every member of a restored cluster gets its data: the same snapshot (its file and the file's sha256)
 * and the same join plan (identical initial cluster, fresh token), revisions bumped by {@code bumpRevision}
 * where the tool can.
 */
public record RestorePlan(Path snapshot, String sha256, JoinPlan join, long bumpRevision, Duration timeout) {
}
