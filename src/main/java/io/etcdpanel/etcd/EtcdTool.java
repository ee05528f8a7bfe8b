package io.etcdpanel.etcd;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

import org.springframework.stereotype.Component;

/**
 * Runs a release's own snapshot tool: {@code etcdutl} where it exists (etcd 3.5+), else {@code etcdctl}
 * (3.4 keeps {@code snapshot status} and {@code snapshot restore} there), each run time-bounded.
 */
@Component
public class EtcdTool {

    /** Where and as whom one member's data dir is laid down from a snapshot. */
    public record RestoreTarget(Path dataDir, String memberName, String peerUrl, String initialCluster, String token) {
    }

    /** Whether each tool's restore takes {@code --bump-revision}, asked once a tool. */
    private final Map<Path, Boolean> bumpsRevision = new ConcurrentHashMap<>();

    /** Runs {@code snapshot <arguments>}; returns its output, or throws {@link EtcdToolRefused} with it when the tool refuses. */
    public String snapshot(EtcdRelease release, Duration timeout, String... arguments) throws IOException {
        List<String> command = new ArrayList<>(List.of(release.snapshotTool().toString(), "snapshot"));
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
     * revisions are told to start over instead of missing changes; returns whether that was done. The data dir must
     * be there afterwards: a tool that exits 0 having done nothing (3.6's {@code etcdctl snapshot restore}) is refused.
     */
    public boolean restore(EtcdRelease release, Duration timeout, Path snapshot, RestoreTarget target, long bumpRevision)
            throws IOException {
        List<String> arguments = new ArrayList<>(List.of("restore", snapshot.toString(), "--data-dir=" + target.dataDir(),
                "--name=" + target.memberName(), "--initial-cluster=" + target.initialCluster(),
                "--initial-advertise-peer-urls=" + target.peerUrl(), "--initial-cluster-token=" + target.token()));
        boolean bump = bumpRevision > 0 && bumpsRevision(release, timeout);
        if (bump) {
            arguments.addAll(List.of("--bump-revision=" + bumpRevision, "--mark-compacted"));
        }
        String output = snapshot(release, timeout, arguments.toArray(String[]::new));
        if (!Files.isDirectory(target.dataDir().resolve("member"))) {
            throw new EtcdToolRefused(release.snapshotTool() + " snapshot restore ended without laying down " + target.dataDir()
                    + ": " + output);
        }
        return bump;
    }

    /** Whether this release's restore takes {@code --bump-revision} (etcdutl 3.5.10 and later do; etcdctl 3.4 does not). */
    private boolean bumpsRevision(EtcdRelease release, Duration timeout) throws IOException {
        Boolean known = bumpsRevision.get(release.snapshotTool());
        if (known == null) {
            known = snapshot(release, timeout, "restore", "--help").contains("--bump-revision");
            bumpsRevision.put(release.snapshotTool(), known);
        }
        return known;
    }
}
