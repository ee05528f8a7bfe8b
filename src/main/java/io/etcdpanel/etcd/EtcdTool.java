package io.etcdpanel.etcd;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.springframework.stereotype.Component;

/**
 * Runs etcd's own snapshot tool: {@code etcdutl} where it exists (etcd 3.5+), else {@code etcdctl}
 * (3.4 keeps {@code snapshot status} and {@code snapshot restore} there), each run time-bounded.
 */
@Component
public class EtcdTool {

    /** Where and as whom one member's data dir is laid down from a snapshot. */
    public record RestoreTarget(Path dataDir, String memberName, String peerUrl, String initialCluster, String token) {
    }

    private volatile Boolean bumpsRevision;

    /** Runs {@code snapshot <arguments>}; returns its output, or throws {@link EtcdToolRefused} with it when the tool refuses. */
    public String snapshot(Duration timeout, String... arguments) throws IOException {
        List<String> command = new ArrayList<>(List.of(binary(), "snapshot"));
        command.addAll(List.of(arguments));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        builder.environment().put("ETCDCTL_API", "3");
        Process process = builder.start();
        try {
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly();
                throw new IOException(String.join(" ", command) + " took longer than " + timeout.toSeconds() + " s");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
            throw new IOException("interrupted: " + String.join(" ", command), e);
        }
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
        if (process.exitValue() != 0) {
            throw new EtcdToolRefused("etcd's snapshot " + arguments[0] + " refused the file: " + output);
        }
        return output;
    }

    /**
     * Lays a member's data dir down from the snapshot. With {@code bumpRevision} above 0, and a tool that
     * can, revisions move on by that much and are marked compacted, so watchers that saw later
     * revisions are told to start over instead of missing changes; returns whether that was done.
     */
    public boolean restore(Duration timeout, Path snapshot, RestoreTarget target, long bumpRevision) throws IOException {
        List<String> arguments = new ArrayList<>(List.of("restore", snapshot.toString(), "--data-dir=" + target.dataDir(),
                "--name=" + target.memberName(), "--initial-cluster=" + target.initialCluster(),
                "--initial-advertise-peer-urls=" + target.peerUrl(), "--initial-cluster-token=" + target.token()));
        boolean bump = bumpRevision > 0 && bumpsRevision(timeout);
        if (bump) {
            arguments.addAll(List.of("--bump-revision=" + bumpRevision, "--mark-compacted"));
        }
        snapshot(timeout, arguments.toArray(String[]::new));
        return bump;
    }

    /** Whether this tool's restore takes {@code --bump-revision} (etcdutl 3.5.10 and later do; etcdctl 3.4 does not). */
    private boolean bumpsRevision(Duration timeout) throws IOException {
        if (bumpsRevision == null) {
            bumpsRevision = snapshot(timeout, "restore", "--help").contains("--bump-revision");
        }
        return bumpsRevision;
    }

    private static String binary() {
        for (String dir : System.getenv().getOrDefault("PATH", "").split(":")) {
            if (!dir.isEmpty() && Files.isExecutable(Path.of(dir, "etcdutl"))) {
                return Path.of(dir, "etcdutl").toString();
            }
        }
        return "etcdctl";
    }
}
