package io.etcdpanel.reconcile;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.Test;

/** A member that keeps stopping is started again ever more slowly; one that stayed up is forgiven. */
class RestartBackoffTest {

    private static final Instant T0 = Instant.parse("2026-11-26T06:00:00Z");
    private final RestartBackoff backoff = new RestartBackoff();
    private final Action.Restart restart = new Action.Restart(List.of("c-1"));

    @Test
    void theFirstRestartIsAtOnceAndTheNextOnesWaitTenTwentyFortySeconds() {
        assertThat(backoff.gate("c", restart, T0)).isEqualTo(restart);
        assertThat(backoff.restarted("c", "c-1", T0)).isEqualTo(1);

        assertThat(backoff.gate("c", restart, T0.plusSeconds(9))).isInstanceOf(Action.Wait.class);
        assertThat(backoff.gate("c", restart, T0.plusSeconds(10))).isEqualTo(restart);
        assertThat(backoff.restarted("c", "c-1", T0.plusSeconds(10))).isEqualTo(2);

        Action waiting = backoff.gate("c", restart, T0.plusSeconds(25));
        assertThat(waiting.describe()).isEqualTo(
                "c-1 keeps stopping (started again 2 times in the last 10 minutes); next start in 5 s; see its log");
        assertThat(backoff.gate("c", restart, T0.plusSeconds(30))).isEqualTo(restart);
    }

    @Test
    void theDelayStopsGrowingAtFiveMinutes() {
        Instant now = T0;
        for (int i = 0; i < 12; i++) {
            backoff.restarted("c", "c-1", now);
            now = now.plus(Duration.ofMinutes(5));
        }
        assertThat(backoff.gate("c", restart, now.minusSeconds(1))).isInstanceOf(Action.Wait.class);
        assertThat(backoff.gate("c", restart, now)).isEqualTo(restart);
    }

    @Test
    void aMemberThatStayedUpTenMinutesIsForgivenAndOthersAreNotHeldUp() {
        backoff.restarted("c", "c-1", T0);
        backoff.restarted("c", "c-1", T0.plusSeconds(10));
        assertThat(backoff.restarted("c", "c-1", T0.plusSeconds(10).plus(Duration.ofMinutes(11)))).isEqualTo(1);

        backoff.restarted("c", "c-2", T0);
        backoff.restarted("c", "c-2", T0.plusSeconds(1));
        assertThat(backoff.gate("c", new Action.Restart(List.of("c-2", "c-3")), T0.plusSeconds(2)))
                .isEqualTo(new Action.Restart(List.of("c-3")));
    }
}
