package io.etcdpanel.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ScheduleFormatsTest {

    private static final Instant NOW = Instant.parse("2026-03-01T12:00:00Z");

    private final ScheduleFormats fmt = new ScheduleFormats(Clock.fixed(NOW, ZoneOffset.UTC));

    @ParameterizedTest
    @CsvSource({
            "-30, due now",
            "0, due now",
            "1, in 1 second",
            "59, in 59 seconds",
            "60, in 1 minute",
            "299, in 4 minutes",
            "3599, in 59 minutes",
            "3600, in 1 hour",
            "86399, in 23 hours",
            "86400, in 1 day",
            "259200, in 3 days"})
    void runsToComeReadInTheLargestWholeUnit(long secondsAhead, String expected) {
        assertThat(fmt.until(NOW.plusSeconds(secondsAhead))).isEqualTo(expected);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "2026-03-01T12:15:00Z | UTC           | Sun 1 Mar 2026, 12:15 UTC",
            "2026-03-01T12:15:00Z | Europe/Berlin | Sun 1 Mar 2026, 13:15 CET",
            "2026-07-01T12:15:00Z | Europe/Berlin | Wed 1 Jul 2026, 14:15 CEST",
            "2026-03-01T12:15:00Z | Asia/Kolkata  | Sun 1 Mar 2026, 17:45 IST",
            "2026-03-01T12:15:10Z | UTC           | Sun 1 Mar 2026, 12:15:10 UTC"})
    void aRunReadsAsTheWallClockOfTheSchedulesZoneWithSecondsOnlyWhenItHasThem(Instant run, String zone, String expected) {
        assertThat(fmt.inZone(run, zone)).isEqualTo(expected);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', nullValues = "none", value = {
            "none | none   | every scheduled backup",
            "10   | none   | the newest 10",
            "none | P7D    | none older than 7 days",
            "10   | P7D    | the newest 10, none older than 7 days",
            "1    | PT36H  | the newest 1, none older than 1 day 12 hours"})
    void retentionReadsAsWhatIsKept(Integer keepLast, String maxAge, String expected) {
        assertThat(fmt.retention(keepLast, maxAge)).isEqualTo(expected);
    }

    @Test
    void anAgeNamesEachNonZeroUnit() {
        assertThat(ScheduleFormats.age(Duration.parse("PT90M"))).isEqualTo("1 hour 30 minutes");
        assertThat(ScheduleFormats.age(Duration.parse("PT45S"))).isEqualTo("45 seconds");
        assertThat(ScheduleFormats.age(Duration.parse("P1DT1S"))).isEqualTo("1 day 1 second");
        assertThat(ScheduleFormats.age(Duration.parse("PT0.5S"))).isEqualTo("PT0.5S");
    }
}
