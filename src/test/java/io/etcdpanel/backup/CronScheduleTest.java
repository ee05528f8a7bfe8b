package io.etcdpanel.backup;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;

import org.junit.jupiter.api.Test;

/** Five fields as a Kubernetes CronJob, six with seconds, in the schedule's time zone. */
class CronScheduleTest {

    private static final Instant NOW = Instant.parse("2026-11-26T10:07:30Z");

    @Test
    void fiveFieldsRunOnTheMinuteAndSixFieldsOnTheSecond() {
        assertThat(CronSchedule.parse("*/15 * * * *", "UTC").nextRuns(NOW, 3)).containsExactly(
                Instant.parse("2026-11-26T10:15:00Z"), Instant.parse("2026-11-26T10:30:00Z"), Instant.parse("2026-11-26T10:45:00Z"));
        assertThat(CronSchedule.parse("*/10 * * * * *", "UTC").nextAfter(NOW)).isEqualTo(Instant.parse("2026-11-26T10:07:40Z"));
    }

    @Test
    void theTimeZoneDecidesWhenTheHourIs() {
        assertThat(CronSchedule.parse("0 2 * * *", "Europe/Berlin").nextAfter(NOW)).isEqualTo(Instant.parse("2026-11-27T01:00:00Z"));
    }

    @Test
    void thePeriodIsTheGapBetweenTheNextTwoRuns() {
        assertThat(CronSchedule.parse("*/15 * * * *", "UTC").period(NOW)).isEqualTo(java.time.Duration.ofMinutes(15));
        assertThat(CronSchedule.parse("0 2 * * *", "Europe/Berlin").period(NOW)).isEqualTo(java.time.Duration.ofDays(1));
    }

    @Test
    void aLineWithTheWrongNumberOfFieldsSaysWhy() {
        assertThatThrownBy(() -> CronSchedule.parse("* * *", "UTC")).hasMessageContaining("must have 5 fields");
        assertThatThrownBy(() -> CronSchedule.parse("61 * * * *", "UTC")).isInstanceOf(IllegalArgumentException.class);
    }
}
