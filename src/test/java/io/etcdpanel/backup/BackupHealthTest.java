package io.etcdpanel.backup;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

import io.etcdpanel.catalogue.Condition;
import org.junit.jupiter.api.Test;

/** BackupHealthy turns false once the newest good backup is older than two schedule periods. */
class BackupHealthTest {

    private static final Instant NOW = Instant.parse("2026-11-26T12:30:00Z");

    private static Optional<ScheduleView> hourly(boolean everRan) {
        return Optional.of(new ScheduleView("0 * * * *", "UTC", true, 5, null, everRan ? NOW.minusSeconds(1800) : null,
                NOW.plusSeconds(1800)));
    }

    @Test
    void aBackupWithinTwoPeriodsIsHealthyAndAnOlderOneIsStale() {
        Condition fresh = BackupHealth.condition(hourly(true), Optional.of(NOW.minus(Duration.ofMinutes(119))), NOW);
        assertThat(fresh.status()).isEqualTo("True");
        assertThat(fresh.reason()).isEqualTo("RecentBackup");
        Condition stale = BackupHealth.condition(hourly(true), Optional.of(NOW.minus(Duration.ofMinutes(121))), NOW);
        assertThat(stale.status()).isEqualTo("False");
        assertThat(stale.message()).isEqualTo(
                "the newest good backup finished at 2026-11-26T10:29:00Z; the schedule runs every 3600 s, so it is more than two runs old");
    }

    @Test
    void withoutAScheduleOrBeforeItsFirstRunItIsUnknownAndAfterARunWithNoGoodBackupItIsFalse() {
        assertThat(BackupHealth.condition(Optional.empty(), Optional.empty(), NOW).status()).isEqualTo("Unknown");
        assertThat(BackupHealth.condition(hourly(false), Optional.empty(), NOW).reason()).isEqualTo("NoBackupYet");
        assertThat(BackupHealth.condition(hourly(true), Optional.empty(), NOW).status()).isEqualTo("False");
    }
}
