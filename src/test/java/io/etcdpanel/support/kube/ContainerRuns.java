package io.etcdpanel.support.kube;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

import io.fabric8.kubernetes.api.model.Container;

/**
 * One container of a pod across its runs, as a kubelet keeps it: the process of the current run, the next run after a
 * back-off when the restart policy asks for one, the last and the final termination, and why it waits when it does
 * not run. An init container's exit 0 is final; its failure is final only under restartPolicy Never.
 */
final class ContainerRuns {

    private static final Duration BACKOFF_START = Duration.ofMillis(500);
    private static final Duration BACKOFF_MAX = Duration.ofSeconds(4);
    /** A run this long resets the back-off (a kubelet waits 10 minutes). */
    private static final Duration BACKOFF_RESET = Duration.ofSeconds(10);
    private static final Duration RETRY = Duration.ofSeconds(1);

    /** Starts one run of a container, its output appended to the log; the exceptions say why it cannot start now. */
    interface Launcher {
        ContainerProcess launch(Container container, Path log) throws NotReadyYet, ContainerConfigException, IOException;
    }

    private final Container container;
    private final boolean init;
    private final String restartPolicy;
    private final Path log;
    private final String label;
    private final String idPrefix;
    private final AgentLog agentLog;

    private volatile ContainerProcess process;
    private int starts;
    private Instant nextStartAt = Instant.EPOCH;
    private Duration backoff = BACKOFF_START;
    private String waitingReason;
    private String waitingMessage;
    private String lastLoggedWait;
    private PodStatuses.Terminated lastTermination;
    private PodStatuses.Terminated finalTermination;

    /**
     * @param label    how the agent's log names it ({@code <namespace>/<pod>/<container>})
     * @param idPrefix its containerID before the pid of a run
     */
    ContainerRuns(Container container, boolean init, String restartPolicy, Path log, String label, String idPrefix, AgentLog agentLog) {
        this.container = container;
        this.init = init;
        this.restartPolicy = restartPolicy == null ? "Always" : restartPolicy;
        this.log = log;
        this.label = label;
        this.idPrefix = idPrefix;
        this.agentLog = agentLog;
    }

    Container container() {
        return container;
    }

    String name() {
        return container.getName();
    }

    Path log() {
        return log;
    }

    /** The current run, or null. */
    ContainerProcess process() {
        return process;
    }

    boolean running() {
        ContainerProcess run = process;
        return run != null && run.alive();
    }

    boolean everStarted() {
        return starts > 0;
    }

    /** It ran for the last time. */
    boolean finished() {
        return finalTermination != null;
    }

    boolean succeeded() {
        return finalTermination != null && finalTermination.exitCode() == 0;
    }

    /** No run now, none final, and any back-off over. */
    boolean due() {
        return process == null && finalTermination == null && !Instant.now().isBefore(nextStartAt);
    }

    /** Starts a run; when it cannot start, says why in the status and tries again a second later. */
    boolean start(Launcher launcher) {
        try {
            process = launcher.launch(container, log);
            starts++;
            waitingReason = null;
            waitingMessage = null;
            return true;
        } catch (NotReadyYet e) {
            waiting("ContainerCreating", e.getMessage());
        } catch (ContainerConfigException e) {
            waiting("CreateContainerConfigError", e.getMessage());
        } catch (IOException | RuntimeException e) {
            waiting("RunContainerError", e.toString());
        }
        nextStartAt = Instant.now().plus(RETRY);
        return false;
    }

    private void waiting(String reason, String message) {
        waitingReason = reason;
        waitingMessage = message;
        if (!Objects.equals(message, lastLoggedWait)) {
            lastLoggedWait = message;
            agentLog.info(label + ": " + reason + ": " + message);
        }
    }

    /** Takes in a run that ended: restarted after a back-off by the policy, or final. Null while it runs (or none does). */
    PodStatuses.Terminated ended() {
        ContainerProcess run = process;
        if (run == null || run.alive()) {
            return null;
        }
        int exitCode = run.exitCode();
        PodStatuses.Terminated terminated = new PodStatuses.Terminated(exitCode, exitCode == 0 ? "Completed" : "Error",
                run.startedAt(), run.finishedAt(), containerId(run));
        process = null;
        if (restarts(exitCode)) {
            if (Duration.between(terminated.startedAt(), terminated.finishedAt()).compareTo(BACKOFF_RESET) > 0) {
                backoff = BACKOFF_START;
            }
            lastTermination = terminated;
            nextStartAt = Instant.now().plus(backoff);
            waitingReason = "CrashLoopBackOff";
            waitingMessage = "back-off " + backoff.toMillis() + "ms restarting failed container " + container.getName();
            agentLog.info(label + ": exited with " + exitCode + ", restarting in " + backoff.toMillis() + " ms");
            backoff = backoff.multipliedBy(2).compareTo(BACKOFF_MAX) > 0 ? BACKOFF_MAX : backoff.multipliedBy(2);
        } else {
            finalTermination = terminated;
            agentLog.info(label + ": exited with " + exitCode + " (restartPolicy " + restartPolicy + ")");
        }
        return terminated;
    }

    private boolean restarts(int exitCode) {
        if (init) {
            return exitCode != 0 && !"Never".equals(restartPolicy);
        }
        return "Always".equals(restartPolicy) || "OnFailure".equals(restartPolicy) && exitCode != 0;
    }

    /** SIGTERM to the current run, SIGKILL after the grace period. */
    void stop(Duration grace) {
        ContainerProcess run = process;
        if (run != null) {
            run.stop(grace);
        }
    }

    /**
     * Its status.
     *
     * @param notStartedReason why it waits when it has never been told why: PodInitializing behind init containers,
     *                         ContainerCreating otherwise
     */
    PodStatuses.ContainerFacts facts(String notStartedReason, boolean started, boolean ready) {
        ContainerProcess run = process;
        boolean alive = run != null && run.alive();
        String id = run != null ? containerId(run) : finalTermination != null ? finalTermination.containerId() : null;
        return new PodStatuses.ContainerFacts(container.getName(), container.getImage(), id, alive ? run.startedAt() : null,
                alive ? null : waitingReason != null ? waitingReason : notStartedReason, alive ? null : waitingMessage,
                finalTermination == null ? lastTermination : null, finalTermination, Math.max(0, starts - 1), started, ready);
    }

    private String containerId(ContainerProcess run) {
        return idPrefix + run.pid();
    }
}
