package io.etcdpanel.backup;

/** A schedule as a user sends it: time zone defaults to UTC, enabled to true; keepLast and maxAge may be left out. */
public record ScheduleRequest(String cron, String timeZone, Boolean enabled, Integer keepLast, String maxAge) {

    public ScheduleRequest {
        timeZone = timeZone == null || timeZone.isBlank() ? "UTC" : timeZone;
    }

    boolean switchedOn() {
        return enabled == null || enabled;
    }
}
