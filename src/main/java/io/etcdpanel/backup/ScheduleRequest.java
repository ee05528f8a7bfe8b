package io.etcdpanel.backup;

import io.swagger.v3.oas.annotations.media.Schema;
/** A schedule as a user sends it: time zone defaults to UTC, enabled to true; keepLast and maxAge may be left out. */
public record ScheduleRequest(
        @Schema(requiredMode = Schema.RequiredMode.REQUIRED, description = "when to back up: a cron expression of five"
                + " fields (minute hour day month weekday) or six (with seconds first)", example = "0 */6 * * *")
        String cron,
        @Schema(description = "the IANA time zone the cron expression is read in", defaultValue = "UTC", example = "Europe/Berlin")
        String timeZone,
        @Schema(description = "false keeps the schedule but takes no snapshots", defaultValue = "true")
        Boolean enabled,
        @Schema(description = "keep at most this many snapshots", minimum = "1", example = "7")
        Integer keepLast,
        @Schema(description = "drop snapshots older than this ISO-8601 duration", example = "P7D")
        String maxAge) {

    public ScheduleRequest {
        timeZone = timeZone == null || timeZone.isBlank() ? "UTC" : timeZone;
    }

    boolean switchedOn() {
        return enabled == null || enabled;
    }
}
