package io.etcdpanel.support;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The panel as a separate JVM, so a test can SIGKILL it like a real crash and start it again on
 * the same data dir. Its output is kept in a log file and watched for trigger lines. A panel still
 * running when the test JVM exits is killed then, so a failed test never leaves one reconciling behind.
 */
public final class PanelProcess {

    /** A JVM starting on a loaded machine (other builds, parallel suites) has been seen to need more than 90 s. */
    private static final Duration READY_DEADLINE = Duration.ofMinutes(4);
    private static final Set<Process> RUNNING = ConcurrentHashMap.newKeySet();

    static {
        Runtime.getRuntime().addShutdownHook(new Thread(() -> RUNNING.forEach(Process::destroyForcibly), "panel-processes-killer"));
    }

    private final Path dataDir;
    private final String portRange;
    private final int port;
    private final Path log;
    private final List<String> extraProperties;
    private final List<Trigger> triggers = new CopyOnWriteArrayList<>();
    private final Map<String, String> environment = new ConcurrentHashMap<>();
    private Process process;

    /** A line to wait for; when it appears the process is killed at once if asked. */
    private record Trigger(String text, boolean kill, CompletableFuture<Void> seen) {
    }

    public PanelProcess(Path dataDir, String portRange) {
        this(dataDir, portRange, dataDir.resolveSibling(dataDir.getFileName() + "-panel.log"), List.of());
    }

    /**
     * A panel with its own log file and extra Spring properties ({@code --key=value}, keys not set
     * here already), e.g. for two panels on one data dir and one database.
     */
    public PanelProcess(Path dataDir, String portRange, Path log, List<String> extraProperties) {
        this.dataDir = dataDir;
        this.portRange = portRange;
        this.port = FreePorts.loopback();
        this.log = log;
        this.extraProperties = List.copyOf(extraProperties);
    }

    /** An environment variable of the panel's process from its next start on, e.g. KUBECONFIG. */
    public PanelProcess withEnvironment(String name, String value) {
        environment.put(name, value);
        return this;
    }

    /** The file the panel's output goes to. */
    public Path log() {
        return log;
    }

    /** The panel's process, to signal it (STOP freezes it past its lease and presence, CONT lets it go on). */
    public ProcessHandle handle() {
        return process.toHandle();
    }

    public PanelApi api() {
        return new PanelApi(port);
    }

    /** The loopback port the panel serves on, e.g. for a browser. */
    public int port() {
        return port;
    }

    public void start() {
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"),
                "io.etcdpanel.EtcdPanelApplication",
                "--server.port=" + port,
                "--server.address=127.0.0.1",
                "--etcdpanel.data-dir=" + dataDir,
                "--etcdpanel.local.ports=" + portRange,
                "--etcdpanel.reconcile.interval=2s"));
        command.addAll(extraProperties);
        try {
            ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
            builder.environment().putAll(environment);
            process = builder.start();
            RUNNING.add(process);
            process.onExit().thenRun(() -> RUNNING.remove(process));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Thread reader = new Thread(this::pump, "panel-output");
        reader.setDaemon(true);
        reader.start();
        // as a probe asks: with no credentials, since a panel whose first admin has a generated password refuses the test's
        PanelApi api = api().anonymous();
        try {
            Poll.until("the panel to be ready on port " + port, READY_DEADLINE, () -> {
                if (!process.isAlive()) {
                    throw new AssertionError("the panel exited with " + process.exitValue() + "; see " + log);
                }
                return api.get("/actuator/health/readiness").status() == 200;
            });
        } catch (AssertionError e) {
            // a panel that never got ready must not outlive the test
            process.destroyForcibly();
            throw e;
        }
    }

    /** Completes when a line containing this text is printed; the panel is SIGKILLed at that very moment. */
    public CompletableFuture<Void> killWhenPrinted(String text) {
        Trigger trigger = new Trigger(text, true, new CompletableFuture<>());
        triggers.add(trigger);
        return trigger.seen();
    }

    public void kill() {
        process.destroyForcibly();
        waitForExit();
    }

    /** The end of a test whatever happened in it: the panel killed if it still runs, and every etcd under the data dir. */
    public void killWithMembers() {
        try {
            if (process != null && process.isAlive()) {
                kill();
            }
        } finally {
            EtcdReaper.killAllUnder(dataDir);
        }
    }

    /** A graceful stop: SIGTERM and wait. */
    public void stop() {
        terminate();
        try {
            waitForExit();
        } catch (IllegalStateException e) {
            // a panel that ignores SIGTERM must not go on reconciling under the next test
            process.destroyForcibly();
            throw e;
        }
    }

    /** Sends SIGTERM and returns at once, for a test to watch the shutdown; the output keeps going to the log. */
    public void terminate() {
        // through the handle: Process.destroy() also closes the pipes, and the shutdown's log lines would be lost
        process.toHandle().destroy();
    }

    /** Waits, up to the bound, for the process to exit; returns its exit code. */
    public int awaitExit(Duration bound) {
        try {
            return process.onExit().get(bound.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS).exitValue();
        } catch (Exception e) {
            throw new IllegalStateException("the panel did not exit within " + bound.toSeconds() + " s; see " + log, e);
        }
    }

    private void waitForExit() {
        awaitExit(Duration.ofSeconds(60));
    }

    private void pump() {
        try (BufferedReader output = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
                PrintWriter file = new PrintWriter(Files.newBufferedWriter(log, StandardCharsets.UTF_8,
                        StandardOpenOption.CREATE, StandardOpenOption.APPEND))) {
            String line;
            while ((line = output.readLine()) != null) {
                for (Trigger trigger : triggers) {
                    if (line.contains(trigger.text())) {
                        if (trigger.kill()) {
                            process.destroyForcibly();
                        }
                        triggers.remove(trigger);
                        trigger.seen().complete(null);
                    }
                }
                file.println(line);
                file.flush();
            }
        } catch (IOException e) {
            // the process went away; its output ends here
        }
    }

    /**
     * The end of a test on one cluster: deletes it with its snapshots, stops the panel gracefully, and kills whatever etcd
     * process is still alive under the data dir.
     */
    public void deleteClusterAndStop(String cluster, Duration deadline) {
        try {
            api().delete("/api/v1/clusters/" + cluster + "?deleteSnapshots=true");
            Poll.until(cluster + " deleted", deadline, () -> api().get("/api/v1/clusters/" + cluster).status() == 404);
            stop();
        } finally {
            killWithMembers();
        }
    }
}
