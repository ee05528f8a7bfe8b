package io.etcdpanel.restore;

import java.time.Instant;

/** One step of a restore as the API shows it: its state, when it ran, and what it found or is doing. */
public record RestoreStep(String name, StepStatus status, Instant startedAt, Instant finishedAt, String message) {

    static RestoreStep pending(String name) {
        return new RestoreStep(name, StepStatus.Pending, null, null, null);
    }

    RestoreStep started(Instant now) {
        return new RestoreStep(name, StepStatus.Running, now, null, null);
    }

    RestoreStep progressed(String progress) {
        return new RestoreStep(name, status, startedAt, finishedAt, progress);
    }

    RestoreStep ended(StepStatus outcome, String result, Instant now) {
        return new RestoreStep(name, outcome, startedAt == null ? now : startedAt, now, result);
    }
}
