package io.etcdpanel.support.kube;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import io.etcdpanel.runtime.kubernetes.AnyChange;
import io.fabric8.kubernetes.api.model.BindingBuilder;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.authentication.TokenRequestBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;

/**
 * A node for tests, without containers: it registers a Node, binds pending pods to it as the scheduler would, and
 * runs each pod's init containers (in order, each to exit 0) and then its one container as real processes in the pod's
 * own network namespace with its own address, its volumes as host directories, its readiness from its probe, its
 * status in the API (a run-to-completion pod ends Succeeded or Failed, so Jobs complete or fail), and its deletion as
 * a kubelet does it. Only tests use it; the panel knows nothing of it. See docs/kubernetes-harness.md.
 *
 * <pre>{@code
 * try (TestNodeAgent agent = new TestNodeAgent(KUBE.client(), TestNodeAgent.options("tna", "10.213.7.0/24"))) { ... }
 * }</pre>
 *
 * Pods cannot reach the host's loopback, where the test's panel listens: {@link #relayHostPort} makes a host port
 * reachable on every pod's own 127.0.0.1, standing in for the cluster network's route to the panel's Service.
 *
 * Everything it makes on the host is named {@code <prefix>-...}; {@link #close()} takes all of it away, a JVM
 * shutdown hook does when close is never called, and the next agent with the same prefix does after a SIGKILL.
 */
public final class TestNodeAgent implements AutoCloseable {

    /**
     * The image paths the agent runs from the host, each by the binary of that name on PATH (etcd's image, when the host
     * has not its tag's release: see {@link ImageReleases}), or by the
     * host's /bin/sh (busybox's {@code sh}, whose scripts then find the host's wget, sha256sum, rm).
     */
    public static final Map<String, String> IMAGE_EXECUTABLES = Map.of(
            "/usr/local/bin/etcd", "etcd",
            "/usr/local/bin/etcdctl", "etcdctl",
            "/usr/local/bin/etcdutl", "etcdutl",
            "sh", "/bin/sh",
            "/bin/sh", "/bin/sh");

    private static final Duration SYNC_EVERY = Duration.ofMillis(250);
    private static final Duration HEARTBEAT_EVERY = Duration.ofSeconds(10);
    private static final Duration CLOSE_DEADLINE = Duration.ofSeconds(30);

    /**
     * How an agent is set up.
     *
     * @param nodeName         the Node it registers
     * @param prefix           the start of every name it makes on the host (at most 8 of [a-z0-9]); one agent per prefix
     * @param subnet           the pods' /24; the host gets .1 on the bridge
     * @param namespaces       the namespaces whose pods it binds and runs; empty for all
     * @param executables      an image path (a container's command[0]) to a host binary (a name on PATH or a path)
     * @param logDir           where each container's output ({@code <namespace>/<pod>-<uid>.log}, an init container's
     *                         {@code <pod>-<uid>.<container>.log}) and agent.log go; kept after close
     * @param maxProbePeriod   probes run at least this often, whatever their periodSeconds
     * @param maxGracePeriod   a deleted pod's process gets SIGKILL after its grace period or this, the shorter
     * @param relayedHostPorts the host's loopback ports every pod reaches on its own 127.0.0.1 ({@link #relayHostPort})
     */
    public record Options(String nodeName, String prefix, String subnet, Set<String> namespaces,
            Map<String, String> executables, Path logDir, Duration maxProbePeriod, Duration maxGracePeriod,
            Set<Integer> relayedHostPorts) {

        public Options withNamespaces(String... names) {
            return new Options(nodeName, prefix, subnet, Set.of(names), executables, logDir, maxProbePeriod, maxGracePeriod,
                    relayedHostPorts);
        }

        public Options withNodeName(String name) {
            return new Options(name, prefix, subnet, namespaces, executables, logDir, maxProbePeriod, maxGracePeriod,
                    relayedHostPorts);
        }

        /** Runs this host binary for that image path, e.g. another etcd version. */
        public Options withExecutable(String imagePath, String hostBinary) {
            Map<String, String> more = new HashMap<>(executables);
            more.put(imagePath, hostBinary);
            return new Options(nodeName, prefix, subnet, namespaces, Map.copyOf(more), logDir, maxProbePeriod, maxGracePeriod,
                    relayedHostPorts);
        }

        /** Every pod reaches this port of the host's loopback on its own 127.0.0.1 (see {@link #relayHostPort}). */
        public Options withHostPortRelay(int port) {
            Set<Integer> more = new java.util.TreeSet<>(relayedHostPorts);
            more.add(port);
            return new Options(nodeName, prefix, subnet, namespaces, executables, logDir, maxProbePeriod, maxGracePeriod,
                    Set.copyOf(more));
        }
    }

    /** Node {@code etcd-panel-test-node}, every namespace, etcd's image paths, probes at least every second, grace at most 10 s. */
    public static Options options(String prefix, String subnet) {
        Path target = Path.of("target");
        Path logs = Files.isDirectory(target) ? target.resolve("test-node-agent").resolve(prefix)
                : Path.of(System.getProperty("java.io.tmpdir"), "test-node-agent-logs-" + prefix);
        return new Options("etcd-panel-test-node", prefix, subnet, Set.of(), IMAGE_EXECUTABLES, logs,
                Duration.ofSeconds(1), Duration.ofSeconds(10), Set.of());
    }

    /** What of an agent's prefix is on the host, looked up there (not from the agent's own bookkeeping). */
    public record HostResources(List<String> processes, List<String> netns, List<String> links, List<String> etcNetns,
            List<String> claimDirs) {

        public boolean none() {
            return processes.isEmpty() && netns.isEmpty() && links.isEmpty() && etcNetns.isEmpty() && claimDirs.isEmpty();
        }
    }

    private final KubernetesClient client;
    private final Options options;
    private final AgentHost host;
    private final PodNetwork network;
    private final HostPortRelay relay;
    private final AgentLog log;
    private final NodeRegistration node;
    private final ContainerLogServer logServer;
    private final AgentContext context;
    private final ScheduledExecutorService loop;
    private final ScheduledExecutorService probes;
    private final ExecutorService work;
    private final Map<String, PodWorker> workers = new ConcurrentHashMap<>();
    /** The latest pod of each namespace/name, for its log after it is gone too. */
    private final Map<String, PodWorker> byName = new ConcurrentHashMap<>();
    private final Map<String, Instant> bindAttempts = new HashMap<>();
    private final AtomicBoolean syncQueued = new AtomicBoolean();
    private final List<SharedIndexInformer<?>> informers = new ArrayList<>();
    private final Thread shutdownHook;
    private volatile SharedIndexInformer<Pod> pods;
    private volatile SharedIndexInformer<ConfigMap> configMaps;
    private volatile SharedIndexInformer<PersistentVolumeClaim> claims;
    private volatile boolean closed;
    private KubeletStreams streams;

    public TestNodeAgent(KubernetesClient client, String prefix, String subnet) {
        this(client, options(prefix, subnet));
    }

    public TestNodeAgent(KubernetesClient client, Options options) {
        this.client = client;
        this.options = options;
        this.relay = new HostPortRelay(AgentHost.dirOf(options.prefix()), options.prefix(), options.logDir().resolve("relay.log"));
        this.network = new PodNetwork(options.prefix(), options.subnet(), relay);
        this.host = AgentHost.claim(options.prefix());
        HostCommands.deleteRecursively(options.logDir()); // the last run's, of this prefix
        this.log = new AgentLog(options.logDir().resolve("agent.log"));
        this.shutdownHook = new Thread(host::sweep, "test-node-agent-" + options.prefix() + "-sweep");
        Runtime.getRuntime().addShutdownHook(shutdownHook);
        this.loop = Executors.newSingleThreadScheduledExecutor(daemon("loop"));
        this.probes = Executors.newScheduledThreadPool(2, daemon("probe"));
        this.work = Executors.newCachedThreadPool(daemon("work"));
        this.context = new AgentContext(client, options.nodeName(), network, host, objects(), executables(options.executables()),
                options.logDir(), options.maxProbePeriod(), options.maxGracePeriod(), probes, work, this::requestSync, log);
        ContainerLogServer server = null;
        NodeRegistration registration = null;
        try {
            network.createBridge();
            options.relayedHostPorts().forEach(relay::relay);
            server = new ContainerLogServer(network.gateway(), host.podDir("kubelet"), this::containerLogOf, this::addressOf, work);
            registration = new NodeRegistration(client, options.nodeName(), network.gateway(), server.port());
            registration.register();
            ResourceEventHandler<Object> onChange = new AnyChange(this::requestSync);
            configMaps = client.configMaps().inAnyNamespace().inform(onChange, 0);
            informers.add(configMaps);
            claims = client.persistentVolumeClaims().inAnyNamespace().inform(onChange, 0);
            informers.add(claims);
            pods = client.pods().inAnyNamespace().inform(onChange, 0);
            informers.add(pods);
            loop.scheduleWithFixedDelay(this::sync, 0, SYNC_EVERY.toMillis(), TimeUnit.MILLISECONDS);
            loop.scheduleWithFixedDelay(this::heartbeat, HEARTBEAT_EVERY.toMillis(), HEARTBEAT_EVERY.toMillis(), TimeUnit.MILLISECONDS);
            log.info("node " + options.nodeName() + " ready: bridge " + network.bridge() + " " + network.gateway()
                    + "/24, namespaces " + (options.namespaces().isEmpty() ? "all" : options.namespaces()));
        } catch (IOException e) {
            this.logServer = server;
            this.node = registration;
            close();
            throw new UncheckedIOException(e);
        } catch (RuntimeException | Error e) {
            this.logServer = server;
            this.node = registration;
            close();
            throw e;
        }
        this.logServer = server;
        this.node = registration;
    }

    private ContainerLogServer.ContainerLog containerLogOf(String namespacedName, String container) {
        PodWorker worker = byName.get(namespacedName);
        return worker == null ? null : worker.logOf(container);
    }

    private String addressOf(String namespacedName) {
        PodWorker worker = byName.get(namespacedName);
        HostsFile.Entry entry = worker == null ? null : worker.hostsEntry();
        return entry == null ? null : entry.ip();
    }

    /**
     * From now on the node's kubelet endpoint also serves {@code pods/portforward}: {@link KubeletStreams}, run from
     * this binary ({@code test-kubelet-streams} of bin/kube-tools), takes the Node's kubelet port and hands the rest to
     * the log server. It connects to a pod's address from the host, as a kubelet's runtime reaches the pod's netns.
     */
    public synchronized void servePortForward(Path binary) {
        if (streams != null) {
            return;
        }
        try {
            streams = new KubeletStreams(binary, options.prefix(), network.gateway(), logServer.port(),
                    options.logDir().resolve("kubelet-streams.log"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        node.moveKubeletEndpoint(streams.port());
        log.info("kubelet endpoint with port-forward on " + network.gateway() + ":" + streams.port());
    }

    /**
     * From now on every pod, those running and those to come, reaches the host's {@code 127.0.0.1:<port>} on its own
     * {@code 127.0.0.1:<port>}: this stands in for the cluster network's route from a pod to the panel's Service (a
     * restore Job's pod fetches its snapshot from the panel's port). See {@link HostPortRelay}; nothing listens beyond
     * loopback.
     */
    public void relayHostPort(int port) {
        relay.relay(port);
    }

    public String nodeName() {
        return options.nodeName();
    }

    /** The host's address on the pod bridge (the node's InternalIP, every pod's hostIP). */
    public String hostIp() {
        return network.gateway();
    }

    /** The output of the pod's container (every run of it, each after a header line), of the latest pod of that name. */
    public Path podLog(String namespace, String pod) {
        return worker(namespace, pod).log();
    }

    /** The output of the pod's container or init container of that name, as {@link #podLog(String, String)}. */
    public Path podLog(String namespace, String pod, String container) {
        ContainerLogServer.ContainerLog log = worker(namespace, pod).logOf(container);
        if (log == null) {
            throw new IllegalArgumentException("pod " + namespace + "/" + pod + " has no container " + container);
        }
        return log.file();
    }

    private PodWorker worker(String namespace, String pod) {
        PodWorker worker = byName.get(namespace + "/" + pod);
        if (worker == null) {
            throw new IllegalArgumentException("no pod " + namespace + "/" + pod + " ran on " + options.nodeName());
        }
        return worker;
    }

    /** Where agent.log and the pods' logs are. */
    public Path logDir() {
        return options.logDir();
    }

    /** What of this agent's prefix is on the host now. */
    public HostResources hostResources() {
        return hostResources(options.prefix());
    }

    /**
     * What of a prefix is on the host now: processes (by their marker), network namespaces, veths (not the bridge),
     * /etc/netns entries, claim directories.
     */
    public static HostResources hostResources(String prefix) {
        List<String> links = PodNetwork.links(prefix).stream().filter(link -> !link.equals(prefix + "-br")).toList();
        return new HostResources(AgentHost.processes(prefix), PodNetwork.netns(prefix), links, PodNetwork.etcNetns(prefix),
                AgentHost.claimDirs(prefix));
    }

    /** Anything of the prefix on the host at all, the bridge and the agent's directory included: after close, nothing. */
    public static List<String> leftovers(String prefix) {
        HostResources resources = hostResources(prefix);
        List<String> left = new ArrayList<>();
        left.addAll(resources.processes());
        left.addAll(resources.netns());
        left.addAll(PodNetwork.links(prefix));
        left.addAll(resources.etcNetns());
        if (Files.exists(AgentHost.dirOf(prefix))) {
            left.add(AgentHost.dirOf(prefix).toString());
        }
        return left;
    }

    /** Stops every process, takes away every namespace, link, /etc/netns entry, directory and mount point made, and deletes the Node. */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        informers.forEach(SharedIndexInformer::close);
        loop.shutdownNow();
        try {
            loop.awaitTermination(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        List<PodWorker> running = new ArrayList<>(workers.values());
        running.forEach(worker -> worker.terminate(options.maxGracePeriod(), false));
        Instant end = Instant.now().plus(CLOSE_DEADLINE);
        for (PodWorker worker : running) {
            Duration left = Duration.between(Instant.now(), end);
            if (!worker.awaitDone(left.isNegative() ? Duration.ZERO : left)) {
                log.info(worker.namespace() + "/" + worker.name() + ": not stopped by the deadline; swept");
            }
        }
        synchronized (this) {
            if (streams != null) {
                streams.close();
            }
        }
        if (logServer != null) {
            logServer.close();
        }
        probes.shutdownNow();
        work.shutdownNow();
        if (node != null) {
            try {
                node.deregister();
            } catch (RuntimeException e) {
                log.info("node " + options.nodeName() + " not deleted: " + e.getMessage());
            }
        }
        relay.close();
        network.deleteBridge();
        host.sweep();
        try {
            Runtime.getRuntime().removeShutdownHook(shutdownHook);
        } catch (IllegalStateException e) {
            // the JVM is shutting down: the hook sweeps too
        }
        log.info("closed; pod logs kept in " + options.logDir().toAbsolutePath());
    }

    private void requestSync() {
        if (!closed && syncQueued.compareAndSet(false, true)) {
            try {
                loop.execute(this::sync);
            } catch (java.util.concurrent.RejectedExecutionException e) {
                // closing
            }
        }
    }

    /** One pass over every pod: bind the pending, keep the bound, write the hosts files, drop deleted claims' directories. */
    private void sync() {
        syncQueued.set(false);
        if (closed || pods == null) {
            return; // the informers are still starting
        }
        try {
            Set<String> present = new HashSet<>();
            List<PodWorker> active = new ArrayList<>();
            for (Pod pod : pods.getStore().list()) {
                if (!inScope(pod)) {
                    continue;
                }
                String nodeName = pod.getSpec().getNodeName();
                if (nodeName == null || nodeName.isEmpty()) {
                    bind(pod);
                    continue;
                }
                if (!nodeName.equals(options.nodeName())) {
                    continue;
                }
                present.add(pod.getMetadata().getUid());
                PodWorker worker = workers.computeIfAbsent(pod.getMetadata().getUid(), uid -> new PodWorker(context, pod));
                byName.put(worker.namespace() + "/" + worker.name(), worker);
                try {
                    worker.observe(pod);
                } catch (RuntimeException e) {
                    log.info(worker.namespace() + "/" + worker.name() + ": " + e);
                }
                active.add(worker);
            }
            for (PodWorker worker : new ArrayList<>(workers.values())) {
                if (!present.contains(worker.uid())) {
                    worker.gone();
                    if (worker.state() == PodWorker.State.DONE) {
                        workers.remove(worker.uid());
                    }
                }
            }
            writeHostsFiles();
            for (PodWorker worker : active) {
                try {
                    worker.act();
                } catch (RuntimeException e) {
                    log.info(worker.namespace() + "/" + worker.name() + ": " + e);
                }
            }
            sweepDeletedClaims();
        } catch (RuntimeException e) {
            log.info("sync failed: " + e);
        }
    }

    private void bind(Pod pod) {
        String scheduler = pod.getSpec().getSchedulerName();
        if (pod.getMetadata().getDeletionTimestamp() != null || scheduler != null && !"default-scheduler".equals(scheduler)) {
            return;
        }
        String uid = pod.getMetadata().getUid();
        Instant last = bindAttempts.get(uid);
        if (last != null && Instant.now().isBefore(last.plusSeconds(1))) {
            return;
        }
        // as the scheduler's volume binding: a pod whose claim does not exist yet waits
        for (Volume volume : pod.getSpec().getVolumes() == null ? List.<Volume>of() : pod.getSpec().getVolumes()) {
            if (volume.getPersistentVolumeClaim() != null
                    && claims.getStore().getByKey(pod.getMetadata().getNamespace() + "/" + volume.getPersistentVolumeClaim().getClaimName()) == null) {
                return;
            }
        }
        bindAttempts.put(uid, Instant.now());
        try {
            client.bindings().inNamespace(pod.getMetadata().getNamespace()).resource(new BindingBuilder()
                    .withNewMetadata().withName(pod.getMetadata().getName()).withNamespace(pod.getMetadata().getNamespace())
                    .withUid(uid).endMetadata()
                    .withNewTarget().withApiVersion("v1").withKind("Node").withName(options.nodeName()).endTarget()
                    .build()).create();
            log.info(pod.getMetadata().getNamespace() + "/" + pod.getMetadata().getName() + ": bound to " + options.nodeName());
        } catch (RuntimeException e) {
            log.info(pod.getMetadata().getNamespace() + "/" + pod.getMetadata().getName() + ": not bound: " + e.getMessage());
        }
        if (bindAttempts.size() > 1000) {
            bindAttempts.clear();
        }
    }

    private void writeHostsFiles() {
        Map<String, List<HostsFile.Entry>> byNamespace = new LinkedHashMap<>();
        Map<PodWorker, HostsFile.Entry> selves = new LinkedHashMap<>();
        for (PodWorker worker : workers.values()) {
            HostsFile.Entry entry = worker.hostsEntry();
            if (entry != null) {
                byNamespace.computeIfAbsent(entry.namespace(), ns -> new ArrayList<>()).add(entry);
                selves.put(worker, entry);
            }
        }
        selves.forEach((worker, self) -> {
            Path file = worker.hostsFile();
            if (file != null) {
                try {
                    HostsFile.writeInPlace(file, HostsFile.render(self, byNamespace.get(self.namespace())));
                } catch (java.io.IOException e) {
                    log.info(worker.namespace() + "/" + worker.name() + ": hosts file not written: " + e);
                }
            }
        });
    }

    /** A claim's directory goes with the claim (by uid); the pvc-protection finalizer keeps a claim while a pod uses it. */
    private void sweepDeletedClaims() {
        Path root = host.claimsDir();
        if (!Files.isDirectory(root)) {
            return;
        }
        Set<String> live = new HashSet<>();
        for (PersistentVolumeClaim claim : claims.getStore().list()) {
            live.add(claim.getMetadata().getNamespace() + "/" + claim.getMetadata().getName() + "-" + claim.getMetadata().getUid());
        }
        try (var namespaces = Files.list(root)) {
            for (Path namespace : namespaces.toList()) {
                try (var dirs = Files.list(namespace)) {
                    for (Path dir : dirs.toList()) {
                        if (!live.contains(namespace.getFileName() + "/" + dir.getFileName())) {
                            HostCommands.deleteRecursively(dir);
                            log.info("claim directory " + namespace.getFileName() + "/" + dir.getFileName() + " deleted with its claim");
                        }
                    }
                }
            }
        } catch (java.io.IOException e) {
            log.info("claim directories not swept: " + e);
        }
    }

    private void heartbeat() {
        if (node == null) {
            return;
        }
        try {
            node.heartbeat();
        } catch (RuntimeException e) {
            log.info("node lease not renewed: " + e.getMessage());
        }
    }

    private boolean inScope(Pod pod) {
        return options.namespaces().isEmpty() || options.namespaces().contains(pod.getMetadata().getNamespace());
    }

    private PodVolumes.Objects objects() {
        return new PodVolumes.Objects() {
            @Override
            public ConfigMap configMap(String namespace, String name) {
                return configMaps.getStore().getByKey(namespace + "/" + name);
            }

            @Override
            public PersistentVolumeClaim claim(String namespace, String name) {
                return claims.getStore().getByKey(namespace + "/" + name);
            }

            @Override
            public String serviceAccountToken(Pod pod, String audience, long expirationSeconds) {
                String account = pod.getSpec().getServiceAccountName() == null ? "default" : pod.getSpec().getServiceAccountName();
                return client.serviceAccounts().inNamespace(pod.getMetadata().getNamespace()).withName(account)
                        .tokenRequest(new TokenRequestBuilder().withNewSpec()
                                .withAudiences(audience == null || audience.isEmpty() ? List.of() : List.of(audience))
                                .withExpirationSeconds(expirationSeconds)
                                .withNewBoundObjectRef().withApiVersion("v1").withKind("Pod").withName(pod.getMetadata().getName())
                                .withUid(pod.getMetadata().getUid()).endBoundObjectRef()
                                .endSpec().build())
                        .getStatus().getToken();
            }
        };
    }

    /** The mapping with each host binary resolved to a path now; a binary not on this host is left out. */
    private static Map<String, String> executables(Map<String, String> mapping) {
        Map<String, String> resolved = new HashMap<>();
        mapping.forEach((imagePath, binary) -> {
            String found = HostCommands.find(binary);
            if (found != null) {
                resolved.put(imagePath, found);
            }
        });
        return Map.copyOf(resolved);
    }

    private java.util.concurrent.ThreadFactory daemon(String role) {
        AtomicInteger count = new AtomicInteger();
        return runnable -> {
            Thread thread = new Thread(runnable, "test-node-agent-" + options.prefix() + "-" + role + "-" + count.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        };
    }
}
