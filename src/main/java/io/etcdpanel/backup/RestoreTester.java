package io.etcdpanel.backup;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.stream.Stream;

import io.etcdpanel.config.PanelProperties;
import io.etcdpanel.etcd.EtcdRelease;
import io.etcdpanel.etcd.EtcdReleases;
import io.etcdpanel.etcd.EtcdTool;
import io.etcdpanel.etcd.Keyspace;
import io.etcdpanel.etcd.MemberProbe;
import io.etcdpanel.etcd.MemberStatus;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/**
 * Proves a snapshot restores: restores it with the tools of the data's own release into a scratch one-member etcd of that release
 * under {@code <data-dir>/scratch} on free loopback ports, starts it, waits for it to lead, checks
 * its revision (and key count, when known) against the record, and throws it all away.
 */
@Component
class RestoreTester {

    /** What the scratch member showed; {@code error} is null when it matched the record. */
    record Result(Instant testedAt, long keys, String error) {
    }

    private static final Duration LOOK_EVERY = Duration.ofMillis(100);
    private final Path scratchRoot;
    private final EtcdTool tool;
    private final EtcdReleases releases;
    private final MemberProbe probe;
    private final Keyspace keyspace;
    private final BackupProperties properties;

    RestoreTester(PanelProperties panel, EtcdTool tool, EtcdReleases releases, MemberProbe probe, Keyspace keyspace,
            BackupProperties properties) {
        this.scratchRoot = panel.absoluteDataDir().resolve("scratch");
        this.tool = tool;
        this.releases = releases;
        this.probe = probe;
        this.keyspace = keyspace;
        this.properties = properties;
    }

    /**
     * {@code version}: the release that wrote the data (or its cluster's); {@code expectedKeys} is -1 when the record does
     * not know how many keys the snapshot holds.
     */
    Result test(Path snapshot, String version, long expectedRevision, long expectedKeys) {
        Path dir = scratchRoot.resolve(UUID.randomUUID().toString());
        int clientPort = freePort();
        int peerPort = freePort();
        String endpoint = "http://127.0.0.1:" + clientPort;
        Process member = null;
        try {
            String peerUrl = "http://127.0.0.1:" + peerPort;
            EtcdRelease release = releases.toolsFor(version);
            tool.restore(release, properties.inspectTimeout(), snapshot, new EtcdTool.RestoreTarget(dir.resolve("data"), "scratch",
                    peerUrl, "scratch=" + peerUrl, "restore-test"), 0);
            member = new ProcessBuilder(release.etcd().toString(), "--name=scratch", "--data-dir=" + dir.resolve("data"),
                    "--listen-client-urls=" + endpoint, "--advertise-client-urls=" + endpoint,
                    "--listen-peer-urls=http://127.0.0.1:" + peerPort)
                    .redirectErrorStream(true).redirectOutput(dir.resolve("etcd.log").toFile()).start();
            awaitLeader(endpoint, member, dir.resolve("etcd.log"));
            Keyspace.Count count = keyspace.count(endpoint, 0);
            return new Result(Instant.now(), count.keys(), mismatch(count, expectedRevision, expectedKeys));
        } catch (IOException | RuntimeException e) {
            return new Result(Instant.now(), -1, "the restore test failed: " + e.getMessage());
        } finally {
            stop(member);
            keyspace.forget(endpoint);
            deleteTree(dir);
        }
    }

    /** A panel stopped mid-test leaves a scratch member and its data: both go at start. */
    @EventListener(ApplicationReadyEvent.class)
    void dropLeftovers() {
        String marker = "--data-dir=" + scratchRoot;
        ProcessHandle.allProcesses().filter(process -> commandLine(process).contains(marker)).forEach(ProcessHandle::destroyForcibly);
        deleteTree(scratchRoot);
    }

    private void awaitLeader(String endpoint, Process member, Path log) throws IOException {
        long deadline = System.nanoTime() + properties.restoreTestTimeout().toNanos();
        while (System.nanoTime() < deadline) {
            if (!member.isAlive()) {
                throw new IOException("the restored member exited with " + member.exitValue() + ": " + lastLines(log, 3));
            }
            MemberStatus status = probe.status(endpoint).join();
            if (status.isLeader()) {
                return;
            }
            LockSupport.parkNanos(LOOK_EVERY.toNanos());
        }
        throw new IOException("the restored member did not become leader within " + properties.restoreTestTimeout().toSeconds() + " s");
    }

    /** The scratch member's last words: the log goes with its directory, so a failure carries them. */
    private static String lastLines(Path log, int count) {
        try {
            List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
            return String.join(" / ", lines.subList(Math.max(0, lines.size() - count), lines.size()));
        } catch (IOException e) {
            return "its log could not be read (" + e.getMessage() + ")";
        }
    }

    private static String mismatch(Keyspace.Count count, long snapshotRevision, long expectedKeys) {
        // an empty keyspace is revision 0 in the file and 1 on a running member, etcd's first revision
        long expectedRevision = Math.max(snapshotRevision, 1);
        if (count.revision() != expectedRevision) {
            return "the restored member is at revision " + count.revision() + ", the snapshot at " + expectedRevision;
        }
        if (expectedKeys >= 0 && count.keys() != expectedKeys) {
            return "the restored member holds " + count.keys() + " keys, the snapshot " + expectedKeys;
        }
        return null;
    }

    private static void stop(Process member) {
        if (member == null) {
            return;
        }
        member.destroy();
        try {
            if (!member.waitFor(10, TimeUnit.SECONDS)) {
                member.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            member.destroyForcibly();
        }
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String commandLine(ProcessHandle process) {
        try {
            return new String(Files.readAllBytes(Path.of("/proc", Long.toString(process.pid()), "cmdline")), StandardCharsets.UTF_8)
                    .replace('\0', ' ');
        } catch (IOException e) {
            return "";
        }
    }

    private static void deleteTree(Path dir) {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> entries = Files.walk(dir)) {
            for (Path entry : entries.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(entry);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot delete " + dir, e);
        }
    }
}
