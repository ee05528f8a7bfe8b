package io.etcdpanel.restore;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.Test;

class StepsConverterTest {

    private final StepsConverter converter = new StepsConverter();

    @Test
    void stepsSurviveTheColumnWithTheirStateTimesAndProgress() {
        Instant started = Instant.parse("2026-11-26T07:00:00.123Z");
        List<RestoreStep> steps = List.of(
                RestoreStep.pending("verify snapshot").ended(StepStatus.Succeeded, "sha256 matches", started),
                RestoreStep.pending("restore data dirs").started(started).progressed("1 of 3 members restored"),
                RestoreStep.pending("take pre-restore snapshot").ended(StepStatus.Skipped, "no leader", started),
                RestoreStep.pending("check revision"));

        List<RestoreStep> read = converter.convertToEntityAttribute(converter.convertToDatabaseColumn(steps));

        assertThat(read).isEqualTo(steps);
        assertThat(read.get(1).finishedAt()).isNull();
        assertThat(read.stream().map(step -> step.status().done())).containsExactly(true, false, true, false);
    }
}
