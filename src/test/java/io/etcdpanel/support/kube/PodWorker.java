package io.etcdpanel.support.kube;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodStatus;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;

/**
 * One pod bound to the agent's node, as a kubelet keeps it: a network sandbox, its volumes, its init containers run
 * in order each to exit 0, then its container run after run (restarted with back-off by the restart policy), its
 * probes, its status in the API; a pod that ran to its end (Succeeded or Failed) gives its sandbox back; and, once the
 * pod is being deleted, the stop (SIGTERM, SIGKILL after the grace period), the teardown, and the final delete.
 *
 * <p>{@link #observe} and {@link #act} run on the agent's loop thread only; the stop runs on a worker thread.
 */
final class PodWorker {

    private static final Duration RETRY = Duration.ofSeconds(1);

    enum State { ACTIVE, TERMINATING, DONE }

    private final AgentContext agent;
    private final String uid;
    private final String namespace;
    private final String name;
    private final PodVolumes volumes;
    private final Instant startTime = Instant.now();
    private final List<ContainerRuns> inits = new ArrayList<>();
    private final ContainerRuns main;

    private volatile State state = State.ACTIVE;
    private volatile Pod pod;
    private PodNetwork.Sandbox sandbox;
    /** The pod's address, kept in its status after a finished pod's sandbox is gone. */
    private String podIp;
    private ContainerProbe startup;
    private ContainerProbe readiness;
    private ContainerProbe liveness;
    /** The current run has passed its startup probe (or has none): readiness and liveness count from then on. */
    private volatile boolean started;
    private PodStatus lastWritten;
    private String lastWrittenJson;
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
        Path logs = agent.logDir().resolve(namespace);
        String base = name + "-" + uid.substring(0, 8);
        String policy = pod.getSpec().getRestartPolicy();
        String idPrefix = "test-node-agent://" + uid.substring(0, 8) + "-";
        for (Container init : pod.getSpec().getInitContainers() == null ? List.<Container>of() : pod.getSpec().getInitContainers()) {
            inits.add(new ContainerRuns(init, true, policy, logs.resolve(base + "." + init.getName() + ".log"),
                    label(init), idPrefix, agent.log()));
        }
        Container container = pod.getSpec().getContainers().get(0);
        this.main = new ContainerRuns(container, false, policy, logs.resolve(base + ".log"), label(container), idPrefix, agent.log());
    }

    private String label(Container container) {
        return namespace + "/" + name + "/" + container.getName();
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

    /** The log of its (first) container. */
    Path log() {
        return main.log();
    }

    /** The log of the container or init container of that name, and whether it runs now; null when it has none. */
    ContainerLogServer.ContainerLog logOf(String container) {
        for (ContainerRuns runs : allContainers()) {
            if (runs.name().equals(container)) {
                return new ContainerLogServer.ContainerLog(runs.log(), () -> state == State.ACTIVE && runs.running());
            }
        }
        return null;
    }

    State state() {
        return state;
    }

    /** Whether its container runs now. */
    boolean running() {
        return state == State.ACTIVE && main.running();
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

    /** Takes in the pod as the API has it now: deletion, the sandbox, volume updates, runs that ended. */
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
        if (finished()) {
            return;
        }
        if (sandbox == null) {
            if (Instant.now().isBefore(nextSandboxAt)) {
                return;
            }
            try {
                sandbox = agent.network().add(name, uid);
                podIp = sandbox.ip();
                agent.log().info(namespace + "/" + name + ": sandbox " + sandbox.netns() + " at " + sandbox.ip());
            } catch (RuntimeException e) {
                nextSandboxAt = Instant.now().plus(RETRY);
                agent.log().info(namespace + "/" + name + ": no sandbox yet: " + e.getMessage());
                return;
            }
        }
        inits.forEach(ContainerRuns::ended);
        if (main.ended() != null) {
            stopProbes();
        } else if (main.running()) {
            refreshVolumes(); // a kubelet keeps ConfigMap volumes up to date while the container runs
        }
    }

    /**
     * Starts the next init container, or the container once they all exited 0, when due; writes the status when it
     * changed; gives the sandbox back once the pod has finished. Runs after the hosts files are written.
     */
    synchronized void act() {
        if (state != State.ACTIVE) {
            return;
        }
        if (finished()) {
            writeStatus();
            releaseSandbox();
            return;
        }
        if (sandbox == null) {
            return;
        }
        ContainerRuns init = pendingInit();
        if (init != null) {
            if (init.due()) {
                init.start(this::launch);
            }
        } else if (main.due() && main.start(this::launch)) {
            startProbes(main.container(), main.process());
        }
        writeStatus();
    }

    /** The first init container that has not exited 0 yet, or null once all have. */
    private ContainerRuns pendingInit() {
        return inits.stream().filter(init -> !init.succeeded()).findFirst().orElse(null);
    }

    /** The pod ran to its end: its container for the last time, or an init container failed under restartPolicy Never. */
    private boolean finished() {
        return main.finished() || inits.stream().anyMatch(init -> init.finished() && !init.succeeded());
    }

    private List<ContainerRuns> allContainers() {
        List<ContainerRuns> all = new ArrayList<>(inits);
        all.add(main);
        return all;
    }

    /** The pod is gone from the API without this agent deleting it (a forced delete): stop and tear down only. */
    synchronized void gone() {
        if (state == State.ACTIVE) {
            terminate(gracePeriod(pod), false);
        }
    }

    /** Stops the containers and takes the sandbox away, on a worker thread; state DONE once finished. */
    synchronized void terminate(Duration grace, boolean deleteObject) {
        if (state != State.ACTIVE) {
            return;
        }
        state = State.TERMINATING;
        stopProbes();
        List<ContainerRuns> running = allContainers();
        PodNetwork.Sandbox network = sandbox;
        agent.log().info(namespace + "/" + name + ": terminating (grace " + grace.toSeconds() + " s)");
        agent.work().execute(() -> {
            try {
                running.forEach(runs -> runs.stop(grace));
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

    /** As a kubelet once a pod has finished: its network namespace (and relays) go; the pod, its status and volumes stay. */
    private void releaseSandbox() {
        if (sandbox == null) {
            return;
        }
        PodNetwork.Sandbox gone = sandbox;
        sandbox = null;
        agent.network().remove(gone);
        agent.log().info(namespace + "/" + name + ": finished; sandbox " + gone.netns() + " removed");
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

    /** One run of a container in the sandbox: its volumes at their mount paths, its command and env as the spec says. */
    private ContainerProcess launch(Container container, Path log) throws NotReadyYet, ContainerConfigException, IOException {
        checkSupported(container);
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
        ContainerProcess run = ContainerProcess.start(sandbox.netns(), mounts, command.argv(), env, log);
        agent.log().info(label(container) + ": started pid " + run.pid() + ": " + String.join(" ", command.argv()));
        return run;
    }

    private void checkSupported(Container container) throws ContainerConfigException {
        if (pod.getSpec().getContainers().size() != 1) {
            throw new ContainerConfigException("the test node agent runs pods of one container only");
        }
        if (container.getRestartPolicy() != null) {
            throw new ContainerConfigException("init container " + container.getName()
                    + ": sidecars (restartPolicy on an init container) are not supported by the test node agent");
        }
        ContainerProbe.check(container.getReadinessProbe(), "readiness");
        ContainerProbe.check(container.getLivenessProbe(), "liveness");
        ContainerProbe.check(container.getStartupProbe(), "startup");
    }

    private void refreshVolumes() {
        try {
            volumes.prepare(main.container(), agent.objects());
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
        if (main.process() == run && state == State.ACTIVE && !started) {
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

    private void writeStatus() {
        boolean initialized = pendingInit() == null;
        List<PodStatuses.ContainerFacts> initFacts = new ArrayList<>();
        boolean behindInits = false;
        for (ContainerRuns init : inits) {
            initFacts.add(init.facts(behindInits ? "PodInitializing" : "ContainerCreating", init.running(), init.succeeded()));
            behindInits |= !init.succeeded();
        }
        boolean running = main.running();
        boolean ready = running && started && (readiness == null || Boolean.TRUE.equals(readiness.passing()));
        PodStatuses.ContainerFacts container = main.facts(initialized ? "ContainerCreating" : "PodInitializing", running && started, ready);
        PodStatuses.Facts facts = new PodStatuses.Facts(phase(), agent.network().gateway(), podIp, startTime, sandbox != null,
                initialized, initFacts, container);
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

    private String phase() {
        if (main.finished()) {
            return main.succeeded() ? "Succeeded" : "Failed";
        }
        if (finished()) {
            return "Failed"; // an init container failed under restartPolicy Never
        }
        return main.everStarted() ? "Running" : "Pending";
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
