package io.etcdpanel.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;

import io.etcdpanel.restore.RestoreStatus;
import io.etcdpanel.restore.RestoreStep;
import io.etcdpanel.restore.RestoreView;
import io.etcdpanel.restore.StepStatus;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class RestoreCardTest {

    private static final Instant START = Instant.parse("2026-03-01T12:00:00Z");

    @ParameterizedTest
    @CsvSource({
            "0, 0.0 s",
            "40, 0.0 s",
            "450, 0.5 s",
            "9940, 9.9 s",
            "10000, 10 s",
            "59999, 59 s",
            "60000, 1 min 0 s",
            "125000, 2 min 5 s"})
    void durationsReadInTenthsUnderTenSecondsThenWholeSecondsThenMinutes(long millis, String expected) {
        assertThat(RestoreCard.took(START, START.plusMillis(millis), START.plusSeconds(3600))).isEqualTo(expected);
    }

    @Test
    void aStepNotStartedHasNoDurationAndOneStillRunningIsTimedToNow() {
        RestoreView restore = new RestoreView("r", "orders", "s", "in-place", null, RestoreStatus.Running, null,
                List.of(new RestoreStep("verify snapshot", StepStatus.Succeeded, START, START.plusMillis(300), "ok"),
                        new RestoreStep("stop members", StepStatus.Running, START.plusSeconds(1), null, null),
                        new RestoreStep("start members", StepStatus.Pending, null, null, null)),
                START, null, null, "web");

        RestoreCard card = RestoreCard.of(restore, null, START.plusSeconds(13));

        assertThat(card.steps()).extracting(RestoreCard.StepLine::took).containsExactly("0.3 s", "12 s", "—");
        assertThat(card.took()).isEqualTo("13 s");
    }

    @Test
    void aClockThatStepsBackNeverShowsANegativeDuration() {
        assertThat(RestoreCard.took(START, null, START.minusSeconds(2))).isEqualTo("0.0 s");
    }

    @Test
    void badgesAreBlueWhileRunningGreenWhenDoneYellowWhenSkippedRedWhenFailedGreyWhenWaiting() {
        assertThat(List.of(StepStatus.values())).extracting(status -> new RestoreCard.StepLine(
                new RestoreStep("x", status, null, null, null), "—").colour())
                .containsExactly("secondary", "info", "success", "warning", "danger");
    }
}
