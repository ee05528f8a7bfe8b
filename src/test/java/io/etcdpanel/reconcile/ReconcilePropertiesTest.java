package io.etcdpanel.reconcile;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;

import org.junit.jupiter.api.Test;

/** A converging cluster is looked at quickly at first, then ever more slowly, never slower than the cap. */
class ReconcilePropertiesTest {

    private final ReconcileProperties properties = new ReconcileProperties(Duration.ofSeconds(10), Duration.ofMillis(100), 3,
            Duration.ofSeconds(1), 4, Duration.ofMinutes(2));

    @Test
    void quickLooksFirstThenDoublingUpToTheCap() {
        assertThat(properties.requeueAfter(0)).isEqualTo(Duration.ofMillis(100));
        assertThat(properties.requeueAfter(2)).isEqualTo(Duration.ofMillis(100));
        assertThat(properties.requeueAfter(3)).isEqualTo(Duration.ofMillis(200));
        assertThat(properties.requeueAfter(4)).isEqualTo(Duration.ofMillis(400));
        assertThat(properties.requeueAfter(6)).isEqualTo(Duration.ofSeconds(1));
        assertThat(properties.requeueAfter(1000)).isEqualTo(Duration.ofSeconds(1));
    }
}
