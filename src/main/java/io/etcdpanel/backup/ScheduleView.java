package io.etcdpanel.backup;

import java.time.Instant;

/** A backup schedule as the API shows it (shared/docs/api.md). */
public record ScheduleView(String cron, String timeZone, boolean enabled, Integer keepLast, String maxAge, Instant lastRunAt,
        Instant nextRunAt) {
}
