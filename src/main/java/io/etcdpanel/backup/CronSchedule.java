package io.etcdpanel.backup;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.List;

import org.springframework.scheduling.support.CronExpression;

/** A cron line as a Kubernetes CronJob has it (5 fields), or with leading seconds (6), in a time zone. Pure. */
record CronSchedule(CronExpression expression, ZoneId zone) {

    /** Reads the line; throws IllegalArgumentException with a readable reason when it is not one. */
    static CronSchedule parse(String cron, String timeZone) {
        if (cron == null || cron.isBlank()) {
            throw new IllegalArgumentException("is required, e.g. \"*/15 * * * *\"");
        }
        String[] fields = cron.trim().split("\\s+");
        if (fields.length != 5 && fields.length != 6) {
            throw new IllegalArgumentException("must have 5 fields (minute hour day month weekday) or 6 with leading seconds, not "
                    + fields.length);
        }
        return new CronSchedule(CronExpression.parse(fields.length == 5 ? "0 " + cron.trim() : cron.trim()), ZoneId.of(timeZone));
    }

    /** The first run strictly after this instant. */
    Instant nextAfter(Instant instant) {
        ZonedDateTime next = expression.next(instant.atZone(zone));
        if (next == null) {
            throw new IllegalArgumentException("never fires");
        }
        return next.toInstant();
    }

    /** How far apart runs are: the gap between the next two runs after this instant. */
    Duration period(Instant now) {
        Instant next = nextAfter(now);
        return Duration.between(next, nextAfter(next));
    }

    List<Instant> nextRuns(Instant after, int count) {
        List<Instant> runs = new ArrayList<>();
        Instant cursor = after;
        for (int i = 0; i < count; i++) {
            cursor = nextAfter(cursor);
            runs.add(cursor);
        }
        return runs;
    }
}
