package io.etcdpanel.support.kube;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.PodStatus;
import org.junit.jupiter.api.Test;

class PodStatusesTest {

    private static final Instant START = Instant.parse("2026-01-01T10:00:00Z");
    private static final Pod POD = new PodBuilder().withNewMetadata().withName("restore-m0").endMetadata().build();

    @Test
    void whileAnInitContainerRunsThePodIsPendingNotInitializedAndItsContainerWaitsForIt() {
        PodStatus status = PodStatuses.build(POD, null, new PodStatuses.Facts("Pending", "10.0.0.1", "10.0.0.2", START, true, false,
                List.of(container("fetch", START, null, null)), waiting("restore", "PodInitializing")));

        assertThat(status.getPhase()).isEqualTo("Pending");
        assertThat(condition(status, "Initialized")).isEqualTo("False");
        assertThat(status.getInitContainerStatuses()).singleElement().satisfies(fetch -> {
            assertThat(fetch.getName()).isEqualTo("fetch");
            assertThat(fetch.getState().getRunning().getStartedAt()).isEqualTo("2026-01-01T10:00:00Z");
        });
        assertThat(status.getContainerStatuses().get(0).getState().getWaiting().getReason()).isEqualTo("PodInitializing");
    }

    @Test
    void aFailedInitContainerIsTerminatedWithItsExitCodeAndThePodIsNotInitialized() {
        PodStatuses.Terminated failed = new PodStatuses.Terminated(8, "Error", START, START.plusSeconds(1), "test-node-agent://x-1");
        PodStatus status = PodStatuses.build(POD, null, new PodStatuses.Facts("Failed", "10.0.0.1", "10.0.0.2", START, false, false,
                List.of(container("fetch", null, failed, "test-node-agent://x-1")), waiting("restore", "PodInitializing")));

        assertThat(status.getPhase()).isEqualTo("Failed");
        assertThat(condition(status, "Initialized")).isEqualTo("False");
        assertThat(condition(status, "PodReadyToStartContainers")).isEqualTo("False");
        assertThat(status.getInitContainerStatuses().get(0).getState().getTerminated().getExitCode()).isEqualTo(8);
        assertThat(status.getInitContainerStatuses().get(0).getState().getTerminated().getReason()).isEqualTo("Error");
        assertThat(status.getContainerStatuses().get(0).getContainerID()).isNull();
    }

    @Test
    void aPodWithoutInitContainersHasNoInitContainerStatuses() {
        PodStatus status = PodStatuses.build(POD, null, new PodStatuses.Facts("Running", "10.0.0.1", "10.0.0.2", START, true, true,
                List.of(), container("etcd", START, null, "test-node-agent://x-2")));

        assertThat(status.getInitContainerStatuses()).isNullOrEmpty();
        assertThat(condition(status, "Initialized")).isEqualTo("True");
    }

    private static PodStatuses.ContainerFacts container(String name, Instant runningSince, PodStatuses.Terminated finished, String id) {
        return new PodStatuses.ContainerFacts(name, "busybox:1.36", id, runningSince, null, null, null, finished, 0,
                runningSince != null, false);
    }

    private static PodStatuses.ContainerFacts waiting(String name, String reason) {
        return new PodStatuses.ContainerFacts(name, "etcd:v3.4.23", null, null, reason, null, null, null, 0, false, false);
    }

    private static String condition(PodStatus status, String type) {
        return status.getConditions().stream().filter(c -> type.equals(c.getType())).map(c -> c.getStatus()).findFirst().orElse(null);
    }
}
