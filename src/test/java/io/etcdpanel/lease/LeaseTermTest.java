package io.etcdpanel.lease;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class LeaseTermTest {

    private static final LeaseTerm TERM = new LeaseTerm(Duration.ofSeconds(15));
    private static final Instant RENEWED = Instant.parse("2026-01-01T00:00:00Z");

    @ParameterizedTest(name = "renewed {0}, now {1} -> held {2}")
    @CsvSource(nullValues = "never", value = {
            "never,                0,     false",
            "2026-01-01T00:00:00Z, 0,     true",
            "2026-01-01T00:00:00Z, 5000,  true",
            "2026-01-01T00:00:00Z, 14999, true",
            "2026-01-01T00:00:00Z, 15000, false",
            "2026-01-01T00:00:00Z, 60000, false",
            // a clock stepped back behind the renewal: not trusted
            "2026-01-01T00:00:00Z, -1,    false"})
    void aLeaseHoldsFromItsRenewalUntilTheDurationHasPassed(Instant renewedAt, long millisAfter, boolean held) {
        assertThat(TERM.holds(renewedAt, RENEWED.plusMillis(millisAfter))).isEqualTo(held);
    }

    @ParameterizedTest(name = "renewed at {0} -> expires at {1}")
    @CsvSource({"2026-01-01T00:00:00Z, 2026-01-01T00:00:15Z", "2026-01-01T23:59:50Z, 2026-01-02T00:00:05Z"})
    void itExpiresTheDurationAfterItsRenewal(Instant renewedAt, Instant expiresAt) {
        assertThat(TERM.expiresAt(renewedAt)).isEqualTo(expiresAt);
    }
}
