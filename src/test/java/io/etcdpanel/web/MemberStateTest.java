package io.etcdpanel.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import io.etcdpanel.catalogue.Phase;
import io.etcdpanel.health.MemberHealth;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class MemberStateTest {

    private static MemberHealth member(String name, boolean learner, boolean healthy) {
        return new MemberHealth("8e9e05c52164694d", name, List.of(), List.of(), false, learner, healthy, "3.6.17", 0, 0, 0, 0, 0,
                List.of(), healthy ? null : "connection refused");
    }

    @ParameterizedTest(name = "{0}, learner {1}, healthy {2}, cluster {3} → {4}")
    @CsvSource({
            "orders-0, false, true,  Degraded, HEALTHY",
            "orders-0, false, false, Creating, STARTING",
            "orders-0, false, false, Pending,  STARTING",
            "orders-0, false, false, Restoring, STARTING",
            "'',       false, false, Scaling,  STARTING",
            "orders-3, true,  false, Scaling,  STARTING",
            "orders-1, false, false, Scaling,  UNHEALTHY",
            "orders-1, false, false, Degraded, UNHEALTHY",
            "orders-1, false, false, Running,  UNHEALTHY"})
    void aMemberBeingBroughtUpIsStartingAndOnlyAnEstablishedOneIsUnhealthy(String name, boolean learner, boolean healthy,
            Phase phase, MemberState expected) {
        assertThat(MemberState.of(member(name, learner, healthy), phase)).isEqualTo(expected);
    }
}
