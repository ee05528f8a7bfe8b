package io.etcdpanel.support.kube;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodStatus;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;

/**
 * One pod bound to the agent's node, as a kubelet keeps it: a network sandbox, its volumes, one container run after
 * another (restarted with back-off by the restart policy), its probes, its status in the API; and, once the pod is
 * being deleted, the stop (SIGTERM, SIGKILL after the grace period), the teardown, and the final delete.
 *
 * <p>{@link #observe} and {@link #act} run on the agent's loop thread only; the stop runs on a worker thread.
 */
final class PodWorker {

    private static final Duration BACKOFF_START = Duration.ofMillis(500);
    private static final Duration BACKOFF_MAX = Duration.ofSeconds(4);
    /** A run this long resets the back-off (a kubelet waits 10 minutes). */
    private static final Duration BACKOFF_RESET = Duration.ofSeconds(10);
    private static final Duration RETRY = Duration.ofSeconds(1);

    enum State { ACTIVE, TERMINATING, DONE }

    private final AgentContext agent;
    private final String uid;
    private final String namespace;
    private final String name;
    private final PodVolumes volumes;
    private final Path log;
    private final Instant startTime = Instant.now();

    private volatile State state = State.ACTIVE;
    private volatile Pod pod;
    private PodNetwork.Sandbox sandbox;
    private volatile ContainerProcess process;
    private ContainerProbe startup;
    private ContainerProbe readiness;
    private ContainerProbe liveness;
    /** The current run has passed its startup probe (or has none): readiness and liveness count from then on. */
    private volatile boolean started;
    private int starts;
    private Instant nextStartAt = Instant.EPOCH;
    private Duration backoff = BACKOFF_START;
    private String waitingReason = "ContainerCreating";
    private String waitingMessage;
    private PodStatuses.Terminated lastTermination;
    private PodStatuses.Terminated finalTermination;
    private PodStatus lastWritten;
    private String lastWrittenJson;
    private String lastLoggedWait;
    private Instant nextSandboxAt = Instant.EPOCH;
    private volatile boolean deleteOutstanding;
    private Instant nextDeleteAt = Instant.EPOCH;

    PodWorker(AgentContext agent, Pod pod) {
        this.agent = agent;
        this.pod = pod;
        this.uid = pod.getMetadata().getUid();
        this.namespace = pod.getMetadata().getNamespace();
        this.name = pod.getMetadata().getName();
        this.volumes = new PodVolumes(agent.host(), pod);
        this.log = agent.logDir().resolve(namespace).resolve(name + "-" + uid.substring(0, 8) + ".log");
    }

    String uid() {
        return uid;
    }

    String namespace() {
        return namespace;
    }

    String name() {
        return name;
    }

    Path log() {
        return log;
    }

    State state() {
        return state;
    }

    /** Whether its container runs now. */
    boolean running() {
        ContainerProcess run = process;
        return state == State.ACTIVE && run != null && run.alive();
    }

    /** The pod's entry in its namespace's hosts files, or null when it has no address (any more). */
    synchronized HostsFile.Entry hostsEntry() {
        if (state != State.ACTIVE || sandbox == null) {
            return null;
        }
        return new HostsFile.Entry(namespace, pod.getSpec().getHostname() != null ? pod.getSpec().getHostname() : name,
                pod.getSpec().getSubdomain(), sandbox.ip());
    }

    synchronized Path hostsFile() {
        return state == State.ACTIVE && sandbox != null ? sandbox.hostsFile() : null;
    }

    /** Takes in the pod as the API has it now: deletion, the sandbox, volume updates, a run that ended. */
    synchronized void observe(Pod current) {
        this.pod = current;
        if (state == State.DONE) {
            retryDelete();
            return;
        }
        if (state != State.ACTIVE) {
            return;
        }
        if (current.getMetadata().getDeletionTimestamp() != null) {
            terminate(gracePeriod(current), true);
            return;
        }
        if (sandbox == null) {
            if (Instant.now().isBefore(nextSandboxAt)) {
                return;
            }
            try {
                sandbox = agent.network().add(name, uid);
                agent.log().info(namespace + "/" + name + ": sandbox " + sandbox.netns() + " at " + sandbox.ip());
            } catch (RuntimeException e) {
                nextSandboxAt = Instant.now().plus(RETRY);
                agent.log().info(namespace + "/" + name + ": no sandbox yet: " + e.getMessage());
                return;
            }
        }
        if (process != null && !process.alive()) {
            ended();
        } else if (process != null) {
            refreshVolumes(); // a kubelet keeps ConfigMap volumes up to date while the container runs
        }
    }

    /** Starts the container when it is due, and writes the status when it changed. Runs after the hosts files are written. */
    synchronized void act() {
        if (state != State.ACTIVE || sandbox == null) {
            return;
        }
        if (process == null && finalTermination == null && !Instant.now().isBefore(nextStartAt)) {
            start();
        }
        writeStatus();
    }

    /** The pod is gone from the API without this agent deleting it (a forced delete): stop and tear down only. */
    synchronized void gone() {
        if (state == State.ACTIVE) {
            terminate(gracePeriod(pod), false);
        }
    }

    /** Stops the container and takes the sandbox away, on a worker thread; state DONE once finished. */
    synchronized void terminate(Duration grace, boolean deleteObject) {
        if (state != State.ACTIVE) {
            return;
        }
        state = State.TERMINATING;
        stopProbes();
        ContainerProcess running = process;
        PodNetwork.Sandbox network = sandbox;
        agent.log().info(namespace + "/" + name + ": terminating (grace " + grace.toSeconds() + " s)");
        agent.work().execute(() -> {
            try {
                if (running != null) {
                    running.stop(grace);
                }
                if (network != null) {
                    agent.network().remove(network);
                }
                volumes.delete();
                agent.log().info(namespace + "/" + name + ": stopped and torn down");
            } catch (RuntimeException e) {
                agent.log().info(namespace + "/" + name + ": teardown failed: " + e);
            } finally {
                synchronized (this) {
                    deleteOutstanding = deleteObject;
                    state = State.DONE;
                }
                agent.requestSync().run();
            }
        });
    }

    /** Blocks until the termination started by {@link #terminate} has finished, or the deadline passes. */
    boolean awaitDone(Duration deadline) {
        Instant end = Instant.now().plus(deadline);
        while (state != State.DONE && Instant.now().isBefore(end)) {
            java.util.concurrent.locks.LockSupport.parkNanos(50_000_000L);
        }
        return state == State.DONE;
    }

    private void retryDelete() {
        if (!deleteOutstanding || Instant.now().isBefore(nextDeleteAt)) {
            return;
        }
        nextDeleteAt = Instant.now().plus(RETRY);
        try {
            Pod current = agent.client().pods().inNamespace(namespace).withName(name).get();
            if (current != null && uid.equals(current.getMetadata().getUid())) {
                agent.client().pods().inNamespace(namespace).withName(name).withGracePeriod(0).delete();
                agent.log().info(namespace + "/" + name + ": deleted");
            }
            deleteOutstanding = false;
        } catch (RuntimeException e) {
            agent.log().info(namespace + "/" + name + ": delete failed, will retry: " + e.getMessage());
        }
    }

    private void start() {
        Container container;
        try {
            container = container();
            List<PodVolumes.Mount> mounts = volumes.prepare(container, agent.objects());
            for (PodVolumes.Mount mount : mounts) {
                agent.host().ensureMountPoint(Path.of(mount.mountPath()));
            }
            ContainerCommand.Resolved command = ContainerCommand.resolve(pod, container,
                    new ContainerCommand.PodFacts(sandbox.ip(), agent.network().gateway(), agent.nodeName()),
                    agent.executables(), agent.objects()::configMap);
            Map<String, String> env = new LinkedHashMap<>();
            env.put("PATH", HostCommands.PATH);
            env.put("HOSTNAME", pod.getSpec().getHostname() != null ? pod.getSpec().getHostname() : name);
            env.putAll(command.env());
            env.put(AgentHost.MARKER, agent.host().prefix() + ":" + namespace + "/" + name);
            process = ContainerProcess.start(sandbox.netns(), mounts, command.argv(), env, log);
            starts++;
            waitingReason = null;
            waitingMessage = null;
            agent.log().info(namespace + "/" + name + ": started pid " + process.pid() + " (start " + starts + "): "
                    + String.join(" ", command.argv()));
            startProbes(container, process);
        } catch (NotReadyYet e) {
            waitingReason = "ContainerCreating";
            waitingMessage = e.getMessage();
            nextStartAt = Instant.now().plus(RETRY);
        } catch (ContainerConfigException e) {
            waitingReason = "CreateContainerConfigError";
            waitingMessage = e.getMessage();
            nextStartAt = Instant.now().plus(RETRY);
        } catch (IOException | RuntimeException e) {
            waitingReason = "RunContainerError";
            waitingMessage = e.toString();
            nextStartAt = Instant.now().plus(RETRY);
        }
        if (waitingReason != null && !java.util.Objects.equals(waitingMessage, lastLoggedWait)) {
            lastLoggedWait = waitingMessage;
            agent.log().info(namespace + "/" + name + ": " + waitingReason + ": " + waitingMessage);
        }
    }

    private Container container() throws ContainerConfigException {
        if (pod.getSpec().getInitContainers() != null && !pod.getSpec().getInitContainers().isEmpty()) {
            throw new ContainerConfigException("init containers are not supported by the test node agent");
        }
        if (pod.getSpec().getContainers().size() != 1) {
            throw new ContainerConfigException("the test node agent runs pods of one container only");
        }
        Container container = pod.getSpec().getContainers().get(0);
        ContainerProbe.check(container.getReadinessProbe(), "readiness");
        ContainerProbe.check(container.getLivenessProbe(), "liveness");
        ContainerProbe.check(container.getStartupProbe(), "startup");
        return container;
    }

    private void refreshVolumes() {
        try {
            volumes.prepare(pod.getSpec().getContainers().get(0), agent.objects());
        } catch (Exception e) {
            // it was good enough to start; what changed is seen at the next start
        }
    }

    /** As a kubelet: the startup probe first; readiness and liveness once it has passed; a failed one stops the run. */
    private void startProbes(Container container, ContainerProcess run) {
        started = false;
        if (container.getStartupProbe() == null) {
            startedProbes(container, run);
            return;
        }
        ContainerProbe[] probe = new ContainerProbe[1];
        probe[0] = new ContainerProbe(container.getStartupProbe(), container, sandbox.ip(), () -> {
            Boolean passing = probe[0].passing();
            if (Boolean.TRUE.equals(passing)) {
                startupPassed(container, run, probe[0]);
            } else if (Boolean.FALSE.equals(passing)) {
                kill(run, "startup", probe[0]);
            }
        });
        startup = probe[0];
        startup.start(agent.probes(), agent.maxProbePeriod());
    }

    private synchronized void startupPassed(Container container, ContainerProcess run, ContainerProbe probe) {
        probe.stop();
        if (process == run && state == State.ACTIVE && !started) {
            startedProbes(container, run);
            agent.requestSync().run();
        }
    }

    private void startedProbes(Container container, ContainerProcess run) {
        started = true;
        if (container.getReadinessProbe() != null) {
            readiness = new ContainerProbe(container.getReadinessProbe(), container, sandbox.ip(), agent.requestSync());
            readiness.start(agent.probes(), agent.maxProbePeriod());
        }
        if (container.getLivenessProbe() != null) {
            ContainerProbe[] probe = new ContainerProbe[1];
            probe[0] = new ContainerProbe(container.getLivenessProbe(), container, sandbox.ip(), () -> {
                if (Boolean.FALSE.equals(probe[0].passing())) {
                    kill(run, "liveness", probe[0]);
                }
            });
            liveness = probe[0];
            liveness.start(agent.probes(), agent.maxProbePeriod());
        }
    }

    private void kill(ContainerProcess run, String kind, ContainerProbe probe) {
        if (run.alive()) {
            agent.log().info(namespace + "/" + name + ": " + kind + " probe failed (" + probe.lastFailure() + "), stopping pid " + run.pid());
            Duration grace = gracePeriod(pod);
            agent.work().execute(() -> run.stop(grace));
        }
    }

    private void stopProbes() {
        started = false;
        if (startup != null) {
            startup.stop();
            startup = null;
        }
        if (readiness != null) {
            readiness.stop();
            readiness = null;
        }
        if (liveness != null) {
            liveness.stop();
            liveness = null;
        }
    }

    private void ended() {
        int exitCode = process.exitCode();
        PodStatuses.Terminated run = new PodStatuses.Terminated(exitCode, exitCode == 0 ? "Completed" : "Error",
                process.startedAt(), process.finishedAt(), containerId(process));
        stopProbes();
        process = null;
        String policy = pod.getSpec().getRestartPolicy() == null ? "Always" : pod.getSpec().getRestartPolicy();
        if ("Always".equals(policy) || "OnFailure".equals(policy) && exitCode != 0) {
            if (Duration.between(run.startedAt(), run.finishedAt()).compareTo(BACKOFF_RESET) > 0) {
                backoff = BACKOFF_START;
            }
            lastTermination = run;
            nextStartAt = Instant.now().plus(backoff);
            waitingReason = "CrashLoopBackOff";
            waitingMessage = "back-off " + backoff.toMillis() + "ms restarting failed container " + pod.getSpec().getContainers().get(0).getName();
            agent.log().info(namespace + "/" + name + ": exited with " + exitCode + ", restarting in " + backoff.toMillis() + " ms");
            backoff = backoff.multipliedBy(2).compareTo(BACKOFF_MAX) > 0 ? BACKOFF_MAX : backoff.multipliedBy(2);
        } else {
            finalTermination = run;
            agent.log().info(namespace + "/" + name + ": exited with " + exitCode + " (restartPolicy " + policy + ")");
        }
    }

    private void writeStatus() {
        boolean running = process != null && process.alive();
        boolean ready = running && started && (readiness == null || Boolean.TRUE.equals(readiness.passing()));
        String phase;
        if (finalTermination != null) {
            phase = finalTermination.exitCode() == 0 ? "Succeeded" : "Failed";
        } else {
            phase = starts > 0 ? "Running" : "Pending";
        }
        PodStatuses.Facts facts = new PodStatuses.Facts(phase, agent.network().gateway(), sandbox.ip(), startTime, true,
                process != null ? containerId(process) : null, running ? process.startedAt() : null,
                running ? null : (waitingReason != null ? waitingReason : "ContainerCreating"), running ? null : waitingMessage,
                lastTermination, finalTermination, Math.max(0, starts - 1), running && started, ready);
        PodStatus status = PodStatuses.build(pod, lastWritten != null ? lastWritten : pod.getStatus(), facts);
        String json = agent.client().getKubernetesSerialization().asJson(Map.of("status", status));
        if (json.equals(lastWrittenJson)) {
            return;
        }
        try {
            agent.client().pods().inNamespace(namespace).withName(name).subresource("status")
                    .patch(PatchContext.of(PatchType.JSON_MERGE), json);
            lastWritten = status;
            lastWrittenJson = json;
        } catch (RuntimeException e) {
            agent.log().info(namespace + "/" + name + ": status not written, will retry: " + e.getMessage());
        }
    }

    private String containerId(ContainerProcess run) {
        return "test-node-agent://" + uid.substring(0, 8) + "-" + run.pid();
    }

    private Duration gracePeriod(Pod of) {
        Long seconds = of.getMetadata().getDeletionGracePeriodSeconds();
        if (seconds == null) {
            seconds = of.getSpec().getTerminationGracePeriodSeconds();
        }
        Duration grace = Duration.ofSeconds(seconds == null ? 30 : Math.max(0, seconds));
        return grace.compareTo(agent.maxGracePeriod()) > 0 ? agent.maxGracePeriod() : grace;
    }
}
