package io.etcdpanel.support.kube;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;

import io.fabric8.kubernetes.api.model.ContainerState;
import io.fabric8.kubernetes.api.model.ContainerStateBuilder;
import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.ContainerStatusBuilder;
import io.fabric8.kubernetes.api.model.HostIP;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodCondition;
import io.fabric8.kubernetes.api.model.PodConditionBuilder;
import io.fabric8.kubernetes.api.model.PodIP;
import io.fabric8.kubernetes.api.model.PodStatus;
import io.fabric8.kubernetes.api.model.PodStatusBuilder;

/** The status a kubelet would report for a pod, from what the agent knows of its init containers and its container. */
final class PodStatuses {

    /** A container run that ended. */
    record Terminated(int exitCode, String reason, Instant startedAt, Instant finishedAt, String containerId) {
    }

    /** What one container's status is made of: running since, or waiting for a reason, or terminated for good. */
    record ContainerFacts(String name, String image, String containerId, Instant runningSince, String waitingReason,
            String waitingMessage, Terminated lastTermination, Terminated finalTermination, int restartCount,
            boolean started, boolean ready) {
    }

    /** Everything the status is made of. */
    record Facts(String phase, String hostIp, String podIp, Instant startTime, boolean sandboxReady, boolean initialized,
            List<ContainerFacts> initContainers, ContainerFacts container) {
    }

    private PodStatuses() {
    }

    /**
     * @param previous the status this agent built last for the pod (or the pod's own at first): conditions keep their
     *                 lastTransitionTime while their status stays the same
     */
    static PodStatus build(Pod pod, PodStatus previous, Facts facts) {
        boolean ready = facts.container().ready();
        List<PodCondition> conditions = new ArrayList<>();
        PodCondition scheduled = existing(pod.getStatus(), "PodScheduled");
        conditions.add(scheduled != null ? scheduled : condition(previous, "PodScheduled", true));
        conditions.add(condition(previous, "PodReadyToStartContainers", facts.sandboxReady()));
        conditions.add(condition(previous, "Initialized", facts.initialized()));
        conditions.add(condition(previous, "ContainersReady", ready));
        conditions.add(condition(previous, "Ready", ready));

        PodStatusBuilder built = new PodStatusBuilder()
                .withPhase(facts.phase())
                .withConditions(conditions)
                .withHostIP(facts.hostIp())
                .withHostIPs(new HostIP(facts.hostIp()))
                .withStartTime(time(facts.startTime()))
                .withContainerStatuses(containerStatus(facts.container()));
        if (!facts.initContainers().isEmpty()) {
            built.withInitContainerStatuses(facts.initContainers().stream().map(PodStatuses::containerStatus).toList());
        }
        if (facts.podIp() != null) {
            built.withPodIP(facts.podIp()).withPodIPs(new PodIP(facts.podIp()));
        }
        return built.build();
    }

    private static ContainerStatus containerStatus(ContainerFacts facts) {
        ContainerStatusBuilder status = new ContainerStatusBuilder()
                .withName(facts.name())
                .withImage(facts.image())
                .withImageID("test-node-agent://" + facts.image())
                .withRestartCount(facts.restartCount())
                .withStarted(facts.started())
                .withReady(facts.ready())
                .withState(state(facts));
        if (facts.containerId() != null) {
            status.withContainerID(facts.containerId());
        }
        if (facts.lastTermination() != null) {
            status.withLastState(new ContainerStateBuilder().withTerminated(terminated(facts.lastTermination())).build());
        }
        return status.build();
    }

    private static ContainerState state(ContainerFacts facts) {
        if (facts.runningSince() != null) {
            return new ContainerStateBuilder().withNewRunning().withStartedAt(time(facts.runningSince())).endRunning().build();
        }
        if (facts.finalTermination() != null) {
            return new ContainerStateBuilder().withTerminated(terminated(facts.finalTermination())).build();
        }
        return new ContainerStateBuilder().withNewWaiting().withReason(facts.waitingReason())
                .withMessage(facts.waitingMessage()).endWaiting().build();
    }

    private static io.fabric8.kubernetes.api.model.ContainerStateTerminated terminated(Terminated run) {
        return new io.fabric8.kubernetes.api.model.ContainerStateTerminatedBuilder()
                .withExitCode(run.exitCode()).withReason(run.reason())
                .withStartedAt(time(run.startedAt())).withFinishedAt(time(run.finishedAt()))
                .withContainerID(run.containerId())
                .build();
    }

    /** The condition, keeping its lastTransitionTime when its status has not changed. */
    private static PodCondition condition(PodStatus previous, String type, boolean status) {
        String value = status ? "True" : "False";
        PodCondition before = existing(previous, type);
        String since = before != null && value.equals(before.getStatus()) && before.getLastTransitionTime() != null
                ? before.getLastTransitionTime() : time(Instant.now());
        return new PodConditionBuilder().withType(type).withStatus(value).withLastTransitionTime(since).build();
    }

    private static PodCondition existing(PodStatus status, String type) {
        if (status == null || status.getConditions() == null) {
            return null;
        }
        return status.getConditions().stream().filter(c -> type.equals(c.getType())).findFirst().orElse(null);
    }

    static String time(Instant instant) {
        return instant.truncatedTo(ChronoUnit.SECONDS).toString();
    }
}
