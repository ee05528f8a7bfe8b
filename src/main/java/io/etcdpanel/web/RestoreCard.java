package io.etcdpanel.web;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;

import io.etcdpanel.backup.SnapshotView;
import io.etcdpanel.restore.RestoreStep;
import io.etcdpanel.restore.RestoreView;

/**
 * One restore as the Restores section shows it: the record, the snapshot it read (null once that
 * is no longer kept), and how long it and each of its steps took, or have been running.
 */
record RestoreCard(RestoreView restore, SnapshotView snapshot, String took, List<StepLine> steps) {

    private static final String NONE = "—";

    /** One step and how long it took. */
    record StepLine(RestoreStep step, String took) {

        public String colour() {
            return RestoreCard.colour(step.status().name());
        }
    }

    static RestoreCard of(RestoreView restore, SnapshotView snapshot, Instant now) {
        List<StepLine> steps = restore.steps().stream()
                .map(step -> new StepLine(step, took(step.startedAt(), step.finishedAt(), now))).toList();
        return new RestoreCard(restore, snapshot, took(restore.startedAt(), restore.finishedAt(), now), steps);
    }

    /** The Bootstrap colour of the restore's status badge. */
    public String colour() {
        return colour(restore.status().name());
    }

    /** "0.4 s", "12 s", "2 min 5 s"; something still running is timed to now, something not started is "—". */
    static String took(Instant started, Instant finished, Instant now) {
        if (started == null) {
            return NONE;
        }
        Duration took = Duration.between(started, finished != null ? finished : now);
        if (took.isNegative()) {
            took = Duration.ZERO;
        }
        if (took.compareTo(Duration.ofSeconds(10)) < 0) {
            return String.format(Locale.ROOT, "%.1f s", took.toMillis() / 1000.0);
        }
        if (took.compareTo(Duration.ofMinutes(1)) < 0) {
            return took.toSeconds() + " s";
        }
        return took.toMinutes() + " min " + took.toSecondsPart() + " s";
    }

    // RestoreStatus and StepStatus share their names, and so their colours.
    private static String colour(String status) {
        return switch (status) {
            case "Running" -> "info";
            case "Succeeded" -> "success";
            case "Skipped" -> "warning";
            case "Failed" -> "danger";
            default -> "secondary";
        };
    }
}
