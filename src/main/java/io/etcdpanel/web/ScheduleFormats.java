package io.etcdpanel.web;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import org.springframework.stereotype.Component;

/** How a backup schedule reads on a page: runs to come, run times in the schedule's zone, and its retention; templates call it as {@code @scheduleFmt}. */
@Component("scheduleFmt")
class ScheduleFormats {

    private static final DateTimeFormatter MINUTES = DateTimeFormatter.ofPattern("EEE d MMM yyyy, HH:mm z", Locale.ENGLISH);
    private static final DateTimeFormatter SECONDS = DateTimeFormatter.ofPattern("EEE d MMM yyyy, HH:mm:ss z", Locale.ENGLISH);

    private final Clock clock;

    ScheduleFormats(Clock clock) {
        this.clock = clock;
    }

    /** How long until a run, in the largest whole unit: "in 4 minutes", "in 1 day"; "due now" once it is due. */
    public String until(Instant instant) {
        long seconds = Duration.between(clock.instant(), instant).toSeconds();
        if (seconds < 1) {
            return "due now";
        }
        if (seconds < 60) {
            return "in " + plural(seconds, "second");
        }
        if (seconds < 3600) {
            return "in " + plural(seconds / 60, "minute");
        }
        if (seconds < 86400) {
            return "in " + plural(seconds / 3600, "hour");
        }
        return "in " + plural(seconds / 86400, "day");
    }

    /** The wall-clock time of a run in the schedule's zone, with seconds only when a run has them (a 6-field cron). */
    public String inZone(Instant instant, String zone) {
        ZonedDateTime local = instant.atZone(ZoneId.of(zone));
        return (local.getSecond() == 0 ? MINUTES : SECONDS).format(local);
    }

    /** What retention keeps, in words: "the newest 10, none older than 7 days". */
    public String retention(Integer keepLast, String maxAge) {
        if (keepLast == null && maxAge == null) {
            return "every scheduled backup";
        }
        if (maxAge == null) {
            return "the newest " + keepLast;
        }
        String age = age(Duration.parse(maxAge));
        return keepLast == null ? "none older than " + age : "the newest " + keepLast + ", none older than " + age;
    }

    /** An ISO-8601 duration in words: P7D is "7 days", PT36H is "1 day 12 hours"; under a second it stays as it was written. */
    static String age(Duration duration) {
        List<String> parts = new ArrayList<>();
        add(parts, duration.toDaysPart(), "day");
        add(parts, duration.toHoursPart(), "hour");
        add(parts, duration.toMinutesPart(), "minute");
        add(parts, duration.toSecondsPart(), "second");
        return parts.isEmpty() ? duration.toString() : String.join(" ", parts);
    }

    private static void add(List<String> parts, long count, String unit) {
        if (count > 0) {
            parts.add(plural(count, unit));
        }
    }

    private static String plural(long count, String unit) {
        return count + " " + unit + (count == 1 ? "" : "s");
    }
}
