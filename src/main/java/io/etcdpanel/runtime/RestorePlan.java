package io.etcdpanel.runtime;

import java.nio.file.Path;
import java.time.Duration;

/**
 * How every member of a restored cluster gets its data: the same snapshot and the same join plan
 * (identical initial cluster, fresh token), revisions bumped by {@code bumpRevision} where the tool can.
 */
public record RestorePlan(Path snapshot, JoinPlan join, long bumpRevision, Duration timeout) {
}
