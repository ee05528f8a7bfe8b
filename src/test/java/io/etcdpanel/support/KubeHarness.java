package io.etcdpanel.support;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.SecureRandom;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A real Kubernetes control plane for one test class: an etcd, kube-apiserver and
 * kube-controller-manager (built by {@code bin/kube-tools}) on 127.0.0.1, each on a free port with
 * its own temporary directory. RBAC is on; the test client is an admin ({@code system:masters}).
 * There is no kubelet and no scheduler: pods are created by the controllers and stay Pending.
 *
 * <pre>{@code @RegisterExtension static final KubeHarness KUBE = new KubeHarness();}</pre>
 *
 * or {@code start(label)} and {@code close()} by hand. Logs stay in {@code target/kube-harness/<label>/}.
 */
public final class KubeHarness implements BeforeAllCallback, AfterAllCallback, AutoCloseable {

    /** The controllers a test of the panel needs; the serviceaccount controller is always on (pods need "default"). */
    public static final List<String> DEFAULT_CONTROLLERS = List.of(
            "serviceaccount-token-controller", "serviceaccount-controller",
            "root-ca-certificate-publisher-controller", "namespace-controller", "garbage-collector-controller",
            "statefulset-controller", "job-controller", "endpointslice-controller", "disruption-controller",
            // the admission plugin puts a protection finalizer on every PVC and PV; without these
            // controllers to take it off again, a deleted PVC would stay Terminating for ever
            "persistentvolumeclaim-protection-controller", "persistentvolume-protection-controller");

    public static final String ADMIN_USER = "etcd-panel-test-admin";

    private static final String TEMP_PREFIX = "kube-harness-";
    private static final String OWNER_FILE = "owner.pid";
    private static final Duration ETCD_DEADLINE = Duration.ofSeconds(30);
    private static final Duration APISERVER_DEADLINE = Duration.ofSeconds(120);
    private static final Duration CONTROLLER_MANAGER_DEADLINE = Duration.ofSeconds(60);
    private static final Duration STOP_DEADLINE = Duration.ofSeconds(15);
    private static final Duration BUILD_DEADLINE = Duration.ofMinutes(60);

    private static Path toolsDir;

    private final Set<String> controllers;
    private final List<Running> running = new CopyOnWriteArrayList<>();
    private volatile Path work;
    private Path logs;
    private Path kubeconfig;
    private URI apiServer;
    private KubernetesClient client;
    private Thread shutdownHook;

    private record Running(String name, Process process, Path log) {
    }

    public KubeHarness() {
        this(DEFAULT_CONTROLLERS);
    }

    /** A control plane whose controller manager runs these controllers (kube-controller-manager --controllers). */
    public KubeHarness(List<String> controllers) {
        this.controllers = new LinkedHashSet<>(controllers);
        this.controllers.add("serviceaccount-controller");
    }

    @Override
    public void beforeAll(ExtensionContext context) {
        start(context.getRequiredTestClass().getSimpleName());
    }

    @Override
    public void afterAll(ExtensionContext context) {
        close();
    }

    /** Starts etcd, the API server and the controller manager, and waits until each is ready. */
    public synchronized void start(String label) {
        if (work != null) {
            throw new IllegalStateException("already started");
        }
        try {
            startEverything(label);
        } catch (IOException e) {
            close();
            throw new UncheckedIOException(e);
        } catch (RuntimeException | Error e) {
            close();
            throw e;
        }
    }

    private void startEverything(String label) throws IOException {
        reapOrphans();
        Path tools = tools();
        long started = System.nanoTime();
        work = Files.createTempDirectory(TEMP_PREFIX);
        Files.writeString(work.resolve(OWNER_FILE), Long.toString(ProcessHandle.current().pid()));
        logs = logDir(label);
        // the last resort, when the JVM ends without close(): no process of ours outlives it
        Path dir = work;
        shutdownHook = new Thread(() -> {
            stopProcesses();
            deleteRecursively(dir);
        }, "kube-harness-stop");
        Runtime.getRuntime().addShutdownHook(shutdownHook);

        String etcd = startEtcd();
        String adminToken = token();
        String controllerManagerToken = token();
        writeKeysAndTokens(adminToken, controllerManagerToken);
        startApiServer(tools, etcd);
        Path servingCert = work.resolve("apiserver-certs/apiserver.crt");
        waitForApiServer(servingCert, adminToken);
        kubeconfig = writeKubeconfig("kubeconfig", servingCert, adminToken);
        client = new KubernetesClientBuilder().withConfig(Config.fromKubeconfig(kubeconfig.toFile())).build();
        startControllerManager(tools, servingCert,
                writeKubeconfig("controller-manager.kubeconfig", servingCert, controllerManagerToken));
        System.err.printf("kube harness: etcd, kube-apiserver and kube-controller-manager %s up on %s in %.1f s; logs in %s%n",
                tools.getFileName(), apiServer, (System.nanoTime() - started) / 1e9, logs.toAbsolutePath());
    }

    /** An admin client (user {@value #ADMIN_USER}, group system:masters) on the API server. */
    public KubernetesClient client() {
        requireStarted();
        return client;
    }

    /**
     * A new client on the API server that authenticates with this bearer token only (e.g. a
     * ServiceAccount's, from the TokenRequest API), to test what RBAC lets it do. The caller closes it.
     */
    public KubernetesClient clientWithToken(String bearerToken) {
        requireStarted();
        Config config = new ConfigBuilder(Config.empty())
                .withMasterUrl(apiServer.toString())
                .withCaCertData(client.getConfiguration().getCaCertData())
                .withOauthToken(bearerToken)
                .withNamespace("default")
                .build();
        return new KubernetesClientBuilder().withConfig(config).build();
    }

    /** A kubeconfig file for the admin user, as {@code kubectl --kubeconfig} or fabric8 take it. */
    public Path kubeconfig() {
        requireStarted();
        return kubeconfig;
    }

    /** A kubeconfig file that authenticates with this bearer token only (e.g. a ServiceAccount's), for a panel to act as it. */
    public Path kubeconfigWithToken(String name, String bearerToken) {
        requireStarted();
        try {
            return writeKubeconfig(name, work.resolve("apiserver-certs/apiserver.crt"), bearerToken);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** {@code https://127.0.0.1:<port>} */
    public URI apiServer() {
        requireStarted();
        return apiServer;
    }

    /** Another binary bin/kube-tools builds beside the control plane's, e.g. {@code test-kubelet-streams}. */
    public static Path tool(String name) {
        Path binary = tools().resolve(name);
        if (!Files.isExecutable(binary)) {
            throw new IllegalStateException("no " + name + " in " + binary.getParent() + " (run bin/kube-tools)");
        }
        return binary;
    }

    /** Where the components' logs are written; they are kept after {@link #close()}. */
    public Path logs() {
        return logs;
    }

    /** Stops the controller manager, the API server and etcd, and deletes their directory. */
    @Override
    public synchronized void close() {
        if (shutdownHook != null) {
            try {
                Runtime.getRuntime().removeShutdownHook(shutdownHook);
            } catch (IllegalStateException e) {
                // the JVM is shutting down: the hook runs anyway
            }
            shutdownHook = null;
        }
        stopEverything();
    }

    private void stopEverything() {
        if (client != null) {
            client.close();
            client = null;
        }
        stopProcesses();
        running.clear();
        if (work != null) {
            deleteRecursively(work);
            work = null;
        }
    }

    /** Stops the components, the last started first; runs in the shutdown hook too, so it takes no lock. */
    private void stopProcesses() {
        List<Running> started = new ArrayList<>(running);
        for (int i = started.size() - 1; i >= 0; i--) {
            stop(started.get(i).process());
        }
    }

    private String startEtcd() {
        int clientPort = FreePorts.loopback();
        int peerPort = FreePorts.loopback();
        String clientUrl = "http://127.0.0.1:" + clientPort;
        String peerUrl = "http://127.0.0.1:" + peerPort;
        launch("etcd", List.of(etcdBinary(),
                "--name=kube",
                "--data-dir=" + work.resolve("etcd"),
                "--listen-client-urls=" + clientUrl,
                "--advertise-client-urls=" + clientUrl,
                "--listen-peer-urls=" + peerUrl,
                "--initial-advertise-peer-urls=" + peerUrl,
                "--initial-cluster=kube=" + peerUrl,
                "--initial-cluster-state=new"));
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();
        HttpRequest health = HttpRequest.newBuilder(URI.create(clientUrl + "/health")).timeout(Duration.ofSeconds(2)).build();
        Poll.until("etcd healthy on " + clientUrl, ETCD_DEADLINE, () -> {
            requireAlive();
            return send(http, health).contains("\"health\":\"true\"");
        });
        return clientUrl;
    }

    private void startApiServer(Path tools, String etcd) {
        int port = FreePorts.loopback();
        apiServer = URI.create("https://127.0.0.1:" + port);
        launch("kube-apiserver", List.of(tools.resolve("kube-apiserver").toString(),
                "--etcd-servers=" + etcd,
                "--bind-address=127.0.0.1",
                "--advertise-address=127.0.0.1",
                "--secure-port=" + port,
                // no --tls-cert-file: the API server makes a self-signed serving cert (with its CA) here
                "--cert-dir=" + work.resolve("apiserver-certs"),
                "--token-auth-file=" + work.resolve("tokens.csv"),
                "--authorization-mode=RBAC",
                "--service-account-issuer=https://kubernetes.default.svc.cluster.local",
                "--service-account-key-file=" + work.resolve("service-account.pub"),
                "--service-account-signing-key-file=" + work.resolve("service-account.key"),
                "--service-cluster-ip-range=10.0.0.0/24",
                // the endpoints of the "kubernetes" Service would be 127.0.0.1, which Endpoints refuse
                "--endpoint-reconciler-type=none"));
    }

    private void waitForApiServer(Path servingCert, String adminToken) {
        Poll.until("the serving certificate written by kube-apiserver", APISERVER_DEADLINE, () -> {
            requireAlive();
            return Files.isRegularFile(servingCert);
        });
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1))
                .sslContext(trusting(servingCert)).build();
        HttpRequest readyz = HttpRequest.newBuilder(apiServer.resolve("/readyz"))
                .header("Authorization", "Bearer " + adminToken).timeout(Duration.ofSeconds(5)).build();
        Poll.until("kube-apiserver ready (/readyz) on " + apiServer, APISERVER_DEADLINE, () -> {
            requireAlive();
            return send(http, readyz).equals("ok");
        });
    }

    private void startControllerManager(Path tools, Path servingCert, Path controllerManagerKubeconfig) {
        launch("kube-controller-manager", List.of(tools.resolve("kube-controller-manager").toString(),
                "--kubeconfig=" + controllerManagerKubeconfig,
                // no health or metrics endpoint: nothing here reads them, and it is one port less
                "--secure-port=0",
                "--leader-elect=false",
                "--controllers=" + String.join(",", controllers),
                // each controller acts as its own service account, with the RBAC roles a real cluster gives it
                "--use-service-account-credentials=true",
                "--service-account-private-key-file=" + work.resolve("service-account.key"),
                "--root-ca-file=" + servingCert));
        // the serviceaccount controller makes "default" in every namespace: the controllers are running
        Poll.until("kube-controller-manager running (ServiceAccount default/default made)", CONTROLLER_MANAGER_DEADLINE,
                () -> {
                    requireAlive();
                    return client.serviceAccounts().inNamespace("default").withName("default").get() != null;
                });
    }

    private void writeKeysAndTokens(String adminToken, String controllerManagerToken) throws IOException {
        KeyPair serviceAccountKey;
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
            generator.initialize(2048);
            serviceAccountKey = generator.generateKeyPair();
        } catch (java.security.GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
        Files.writeString(work.resolve("service-account.key"), pem("PRIVATE KEY", serviceAccountKey.getPrivate().getEncoded()));
        Files.writeString(work.resolve("service-account.pub"), pem("PUBLIC KEY", serviceAccountKey.getPublic().getEncoded()));
        // token,user,uid,"groups"
        Files.writeString(work.resolve("tokens.csv"),
                adminToken + "," + ADMIN_USER + ",uid-admin,\"system:masters\"\n"
                        + controllerManagerToken + ",system:kube-controller-manager,uid-kube-controller-manager\n");
    }

    private Path writeKubeconfig(String name, Path servingCert, String token) throws IOException {
        String ca = Base64.getEncoder().encodeToString(Files.readAllBytes(servingCert));
        Path file = work.resolve(name);
        Files.writeString(file, """
                apiVersion: v1
                kind: Config
                clusters:
                - name: harness
                  cluster:
                    server: %s
                    certificate-authority-data: %s
                users:
                - name: user
                  user:
                    token: %s
                contexts:
                - name: harness
                  context:
                    cluster: harness
                    user: user
                    namespace: default
                current-context: harness
                """.formatted(apiServer, ca, token));
        return file;
    }

    private void launch(String name, List<String> command) {
        Path log = logs.resolve(name + ".log");
        try {
            Process process = new ProcessBuilder(command).directory(work.toFile()).redirectErrorStream(true)
                    .redirectOutput(log.toFile()).start();
            running.add(new Running(name, process, log));
        } catch (IOException e) {
            throw new UncheckedIOException("could not start " + name, e);
        }
    }

    private void requireAlive() {
        for (Running component : running) {
            if (!component.process().isAlive()) {
                throw new AssertionError(component.name() + " exited with " + component.process().exitValue()
                        + "; the end of " + component.log() + ":\n" + tail(component.log(), 30));
            }
        }
    }

    private void requireStarted() {
        if (client == null) {
            throw new IllegalStateException("the harness is not started");
        }
    }

    /** SIGTERM, then SIGKILL when the process has not ended by the deadline; never returns with it alive. */
    private static void stop(Process process) {
        process.descendants().forEach(ProcessHandle::destroy);
        process.destroy();
        try {
            if (!process.waitFor(STOP_DEADLINE.toMillis(), TimeUnit.MILLISECONDS)) {
                process.descendants().forEach(ProcessHandle::destroyForcibly);
                process.destroyForcibly();
                process.waitFor(STOP_DEADLINE.toMillis(), TimeUnit.MILLISECONDS);
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }

    /** Kills what a harness in a JVM that died without stopping it left running, and deletes its directory. */
    private static void reapOrphans() {
        Path tmp = Path.of(System.getProperty("java.io.tmpdir"));
        try (Stream<Path> dirs = Files.list(tmp)) {
            for (Path dir : dirs.filter(d -> d.getFileName().toString().startsWith(TEMP_PREFIX)).toList()) {
                Path owner = dir.resolve(OWNER_FILE);
                long pid;
                try {
                    pid = Long.parseLong(Files.readString(owner).trim());
                } catch (IOException | NumberFormatException e) {
                    continue; // being created, or not ours
                }
                if (ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false)) {
                    continue;
                }
                String marker = dir.toString() + "/";
                ProcessHandle.allProcesses().filter(p -> EtcdReaper.commandLine(p.pid()).contains(marker))
                        .forEach(ProcessHandle::destroyForcibly);
                deleteRecursively(dir);
            }
        } catch (IOException e) {
            // nothing to reap
        }
    }

    /** The directory printed by {@code bin/kube-tools}, which builds the binaries on first use; or -Detcdpanel.kube-tools. */
    private static synchronized Path tools() {
        if (toolsDir != null) {
            return toolsDir;
        }
        String configured = System.getProperty("etcdpanel.kube-tools", System.getenv("ETCDPANEL_KUBE_TOOLS"));
        if (configured != null && !configured.isBlank()) {
            toolsDir = Path.of(configured);
        } else {
            Path script = Path.of("bin", "kube-tools").toAbsolutePath();
            try {
                Path output = Files.createTempFile("kube-tools", ".out");
                Process build = new ProcessBuilder(script.toString()).redirectOutput(output.toFile())
                        .redirectError(ProcessBuilder.Redirect.INHERIT).start();
                if (!build.waitFor(BUILD_DEADLINE.toMillis(), TimeUnit.MILLISECONDS)) {
                    build.destroyForcibly();
                    throw new IllegalStateException(script + " did not finish in " + BUILD_DEADLINE);
                }
                List<String> lines = Files.readAllLines(output);
                Files.delete(output);
                if (build.exitValue() != 0 || lines.isEmpty()) {
                    throw new IllegalStateException(script + " failed with " + build.exitValue());
                }
                toolsDir = Path.of(lines.get(lines.size() - 1).trim());
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
        for (String binary : List.of("kube-apiserver", "kube-controller-manager")) {
            if (!Files.isExecutable(toolsDir.resolve(binary))) {
                throw new IllegalStateException("no " + binary + " in " + toolsDir + " (run bin/kube-tools)");
            }
        }
        return toolsDir;
    }

    private static String etcdBinary() {
        return System.getProperty("etcdpanel.kube-etcd", "etcd");
    }

    private static Path logDir(String label) throws IOException {
        Path target = Path.of("target");
        Path dir = Files.isDirectory(target) ? target.resolve("kube-harness").resolve(label)
                : Files.createTempDirectory("kube-harness-logs-" + label);
        if (Files.isDirectory(dir)) {
            deleteRecursively(dir);
        }
        return Files.createDirectories(dir);
    }

    private static SSLContext trusting(Path certificates) {
        try (InputStream pem = Files.newInputStream(certificates)) {
            KeyStore store = KeyStore.getInstance(KeyStore.getDefaultType());
            store.load(null, null);
            int i = 0;
            for (Certificate certificate : CertificateFactory.getInstance("X.509").generateCertificates(pem)) {
                store.setCertificateEntry("cert-" + i++, certificate);
            }
            TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            trust.init(store);
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(null, trust.getTrustManagers(), new SecureRandom());
            return context;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (java.security.GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String send(HttpClient http, HttpRequest request) {
        try {
            HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
            return response.statusCode() == 200 ? response.body().trim() : "HTTP " + response.statusCode();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static String token() {
        byte[] bytes = new byte[24];
        new SecureRandom().nextBytes(bytes);
        return HexFormat.of().formatHex(bytes);
    }

    private static String pem(String type, byte[] der) {
        return "-----BEGIN " + type + "-----\n"
                + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(der)
                + "\n-----END " + type + "-----\n";
    }

    private static String tail(Path log, int lines) {
        try {
            List<String> all = Files.readAllLines(log, StandardCharsets.UTF_8);
            return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
        } catch (IOException | UncheckedIOException e) {
            return "(unreadable: " + e.getMessage() + ")";
        }
    }

    private static void deleteRecursively(Path dir) {
        try (Stream<Path> paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        } catch (IOException | UncheckedIOException e) {
            // already gone, or a file still being written by a dying process; the temp dir is swept later
        }
    }
}
