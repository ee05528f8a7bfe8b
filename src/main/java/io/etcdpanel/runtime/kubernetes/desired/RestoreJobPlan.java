package io.etcdpanel.runtime.kubernetes.desired;

import java.time.Duration;

import io.etcdpanel.runtime.JoinPlan;

/** One member's restore on Kubernetes: where its pod fetches the snapshot, the file's sha256, how it joins, and the time it has. */
public record RestoreJobPlan(String member, String snapshotUrl, String sha256, JoinPlan join, long bumpRevision, Duration deadline) {
}
