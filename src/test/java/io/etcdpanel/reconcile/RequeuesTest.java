package io.etcdpanel.reconcile;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;

import org.junit.jupiter.api.Test;

class RequeuesTest {

    private final Requeues requeues = new Requeues(new ReconcileProperties(Duration.ofSeconds(10), Duration.ofMillis(100), 2,
            Duration.ofSeconds(5), 4, Duration.ofMinutes(2)));

    @Test
    void aClusterHasAtMostOneLookAgainPending() {
        assertThat(requeues.next("orders")).hasValue(Duration.ofMillis(100));
        // a sweep's pass of the same cluster ends in progress too: no second chain
        assertThat(requeues.next("orders")).isEmpty();
        assertThat(requeues.next("billing")).as("other clusters are their own").hasValue(Duration.ofMillis(100));

        requeues.fired("orders");
        assertThat(requeues.next("orders")).hasValue(Duration.ofMillis(100));
    }

    @Test
    void looksAgainSlowDownWhileTheClusterStaysInProgressAndStartQuickAfterItSettles() {
        assertThat(lookAgain()).isEqualTo(Duration.ofMillis(100));
        assertThat(lookAgain()).isEqualTo(Duration.ofMillis(100));
        assertThat(lookAgain()).isEqualTo(Duration.ofMillis(200));
        assertThat(lookAgain()).isEqualTo(Duration.ofMillis(400));

        requeues.settled("orders");
        assertThat(lookAgain()).isEqualTo(Duration.ofMillis(100));
    }

    private Duration lookAgain() {
        Duration delay = requeues.next("orders").orElseThrow();
        requeues.fired("orders");
        return delay;
    }
}
