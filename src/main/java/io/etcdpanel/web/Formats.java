package io.etcdpanel.web;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

import io.etcdpanel.backup.SnapshotStatus;
import io.etcdpanel.catalogue.Phase;
import io.etcdpanel.health.MemberHealth;
import org.springframework.stereotype.Component;

/** How sizes, ages, phases and snapshots read on a page; templates call it as {@code @fmt}. */
@Component("fmt")
class Formats {

    private static final String[] UNITS = {"B", "KiB", "MiB", "GiB", "TiB", "PiB"};
    private static final String NONE = "—";
    private static final int SHORT_SHA = 12;
    private static final DateTimeFormatter MINUTES = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm").withZone(ZoneOffset.UTC);

    private final Clock clock;

    Formats(Clock clock) {
        this.clock = clock;
    }

    /** Bytes in binary units with at most one decimal: "512 B", "1.5 MiB", "2 GiB". */
    public String bytes(long bytes) {
        if (bytes < 1024) {
            return bytes + " B";
        }
        double value = bytes;
        int unit = 0;
        // 1023.96 KiB would print as "1024 KiB"; it reads better as the next unit up.
        while (value >= 1023.95 && unit < UNITS.length - 1) {
            value /= 1024;
            unit++;
        }
        String number = String.format(Locale.ROOT, "%.1f", value);
        return (number.endsWith(".0") ? number.substring(0, number.length() - 2) : number) + " " + UNITS[unit];
    }

    /** How long ago, in the largest whole unit: "just now", "1 minute ago", "3 days ago". */
    public String ago(Instant instant) {
        if (instant == null) {
            return NONE;
        }
        long seconds = Duration.between(instant, clock.instant()).toSeconds();
        if (seconds < 5) {
            return "just now";
        }
        if (seconds < 60) {
            return plural(seconds, "second") + " ago";
        }
        if (seconds < 3600) {
            return plural(seconds / 60, "minute") + " ago";
        }
        if (seconds < 86400) {
            return plural(seconds / 3600, "hour") + " ago";
        }
        return plural(seconds / 86400, "day") + " ago";
    }

    /** A date and time to the minute, in UTC: "2027-01-01 00:00 UTC". */
    public String utc(Instant instant) {
        return instant == null ? NONE : MINUTES.format(instant) + " UTC";
    }

    /** The exact instant, for a title attribute beside {@link #ago}. */
    public String iso(Instant instant) {
        return instant == null ? "" : instant.toString();
    }

    /** The Bootstrap colour of a phase badge: green when serving, red when not, grey while waiting. */
    public String phaseColour(Phase phase) {
        if (phase == null) {
            return "secondary";
        }
        return switch (phase) {
            case Running -> "success";
            case Degraded -> "warning";
            case Failed -> "danger";
            case Creating, Scaling, Restoring -> "info";
            case Deleting -> "dark";
            case Pending -> "secondary";
        };
    }

    /** Healthy, starting (being brought up) or unhealthy: see {@link MemberState}. */
    public MemberState memberState(MemberHealth member, Phase clusterPhase) {
        return MemberState.of(member, clusterPhase);
    }

    /** The Bootstrap colour of a snapshot's status badge. */
    public String snapshotColour(SnapshotStatus status) {
        return switch (status) {
            case Running -> "info";
            case Succeeded -> "success";
            case Failed -> "danger";
        };
    }

    /** The first 12 hex digits of a digest, enough to tell snapshots apart at a glance. */
    public String shortSha(String sha256) {
        if (sha256 == null || sha256.isEmpty()) {
            return NONE;
        }
        return sha256.length() <= SHORT_SHA ? sha256 : sha256.substring(0, SHORT_SHA);
    }

    private static String plural(long count, String unit) {
        return count + " " + unit + (count == 1 ? "" : "s");
    }
}
