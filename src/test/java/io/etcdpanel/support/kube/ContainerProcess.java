package io.etcdpanel.support.kube;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * One run of a container: the command as a real process in the pod's network namespace, with the pod's volumes
 * bind-mounted at their mount paths in a private mount namespace, output appended to the pod's log.
 *
 * <pre>ip netns exec NETNS unshare --mount --propagation private sh -c 'mount --bind SRC DST ...; exec "$@"' sh ... -- ARGV</pre>
 *
 * {@code ip netns exec} bind-mounts {@code /etc/netns/NETNS/hosts} over /etc/hosts; every step execs, so the Java
 * process is the container's process itself and its signals reach it.
 */
final class ContainerProcess {

    private static final String MOUNT_AND_EXEC = """
            set -e
            while [ "$1" != "--" ]; do
              mount --bind "$1" "$2"
              if [ "$3" = ro ]; then mount -o remount,bind,ro "$2"; fi
              shift 3
            done
            shift
            exec "$@"
            """;

    private final Process process;
    private final Instant startedAt;
    private volatile Instant finishedAt;

    private ContainerProcess(Process process, Instant startedAt) {
        this.process = process;
        this.startedAt = startedAt;
    }

    static ContainerProcess start(String netns, List<PodVolumes.Mount> mounts, List<String> argv, Map<String, String> env,
            Path log) throws IOException {
        List<String> command = new ArrayList<>(List.of(HostCommands.which("ip"), "netns", "exec", netns,
                HostCommands.which("unshare"), "--mount", "--propagation", "private",
                HostCommands.which("sh"), "-c", MOUNT_AND_EXEC, "sh"));
        for (PodVolumes.Mount mount : mounts) {
            command.add(mount.source().toString());
            command.add(mount.mountPath());
            command.add(mount.readOnly() ? "ro" : "rw");
        }
        command.add("--");
        command.addAll(argv);
        Files.createDirectories(log.getParent());
        Files.writeString(log, ContainerLogServer.RUN_HEADER + Instant.now() + ": " + String.join(" ", argv) + "\n",
                StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
                .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")))
                .directory(new java.io.File("/"));
        builder.environment().clear();
        builder.environment().putAll(env);
        ContainerProcess started = new ContainerProcess(builder.start(), Instant.now());
        started.process.onExit().thenRun(() -> started.finishedAt = Instant.now());
        return started;
    }

    long pid() {
        return process.pid();
    }

    boolean alive() {
        return process.isAlive();
    }

    /** The exit code, or null while it runs. */
    Integer exitCode() {
        return process.isAlive() ? null : process.exitValue();
    }

    Instant startedAt() {
        return startedAt;
    }

    Instant finishedAt() {
        Instant finished = finishedAt;
        return finished != null ? finished : Instant.now();
    }

    /** SIGTERM, SIGKILL after the grace period; returns once the process is gone (or after a last bounded wait). */
    void stop(Duration grace) {
        if (!process.isAlive()) {
            return;
        }
        process.destroy();
        try {
            if (!process.waitFor(grace.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly();
                process.waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }
}
