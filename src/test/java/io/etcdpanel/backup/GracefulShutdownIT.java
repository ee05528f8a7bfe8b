package io.etcdpanel.backup;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.IntStream;
import java.util.stream.Stream;

import io.etcdpanel.support.EtcdReaper;
import io.etcdpanel.support.EtcdTestClient;
import io.etcdpanel.support.PanelApi;
import io.etcdpanel.support.PanelProcess;
import io.etcdpanel.support.Poll;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The panel as its own JVM, sent SIGTERM while a backup streams from a member the test holds still
 * (SIGSTOP, a member slow to send): readiness answers 503 and new backups are refused while the
 * backup runs; given the grace it needs, the backup finishes and the panel exits; given too short a
 * grace, the backup is cancelled and leaves no record and no file.
 */
class GracefulShutdownIT {

    private static final String CLUSTER = "drain";
    private static final String PORTS = "25600-25699";
    private static final Duration DEADLINE = Duration.ofSeconds(180);
    private static final Duration QUICKLY = Duration.ofMillis(10);
    private static final int SIGTERM_EXIT = 143;
    private static final String VALUE = "x".repeat(1_000_000);
    private static Path dataDir;

    @BeforeAll
    static void createAClusterWithABigDatabase() throws IOException {
        dataDir = Files.createTempDirectory("etcdpanel-shutdown-");
        PanelProcess panel = panel("setup", Duration.ofSeconds(30));
        panel.start();
        PanelApi api = panel.api();
        assertThat(api.post("/api/v1/clusters", "{\"name\":\"" + CLUSTER + "\",\"replicas\":1}").status()).isEqualTo(201);
        Poll.until(CLUSTER + " Running", DEADLINE, () -> "Running".equals(api.phase(CLUSTER)));
        // about 200 MB: the stream lasts long enough for the test to see it start and hold the member still
        try (EtcdTestClient client = new EtcdTestClient(api.members(CLUSTER).get(0).path("clientUrls").get(0).asString())) {
            IntStream.range(0, 200).forEach(i -> client.put("big-" + i, VALUE));
        }
        panel.stop();
    }

    @AfterAll
    static void cleanUp() {
        EtcdReaper.killAllUnder(dataDir);
    }

    @Test
    void aBackupRunningAtSigtermFinishesWithinTheGraceWhileReadinessIsDown() throws Exception {
        Duration grace = Duration.ofSeconds(20);
        PanelProcess panel = panel("finishes", grace);
        panel.start();
        String id = startBackupAndHoldTheMember(panel.api());

        long terminated = System.nanoTime();
        panel.terminate();
        try {
            Poll.until("readiness DOWN while the backup still runs", DEADLINE, () -> panel.api().get("/actuator/health/readiness").status() == 503
                    && "Running".equals(panel.api().get("/api/v1/snapshots/" + id).json().path("status").asString()));
            PanelApi.Answer refused = panel.api().post("/api/v1/clusters/" + CLUSTER + "/snapshots", "");
            assertThat(refused.status()).as(refused.raw().body()).isEqualTo(503);
            assertThat(refused.json().path("type").asString()).isEqualTo("urn:etcd-panel:problem:shutting-down");
        } finally {
            EtcdReaper.signal("CONT", member());
        }

        assertThat(panel.awaitExit(grace)).as("the JVM's exit after SIGTERM").isEqualTo(SIGTERM_EXIT);
        assertThat(Duration.ofNanos(System.nanoTime() - terminated)).isLessThan(grace);
        PanelProcess restarted = panel("finishes-restarted", grace);
        restarted.start();
        try {
            assertThat(restarted.api().get("/api/v1/snapshots/" + id).json().path("status").asString()).isEqualTo("Succeeded");
            assertThat(dataDir.resolve("snapshots/" + CLUSTER + "/" + id + ".db")).isRegularFile();
        } finally {
            restarted.stop();
        }
    }

    @Test
    void aBackupThatCannotFinishWithinTheGraceIsCancelledAndLeavesNoRecordAndNoFile() throws Exception {
        Duration grace = Duration.ofSeconds(1);
        PanelProcess panel = panel("cancelled", grace);
        panel.start();
        String id = startBackupAndHoldTheMember(panel.api());

        long terminated = System.nanoTime();
        panel.terminate();
        try {
            // the grace, then the moment a cancelled stream takes to end and be dropped
            assertThat(panel.awaitExit(Duration.ofSeconds(15))).as("the JVM's exit after SIGTERM").isEqualTo(SIGTERM_EXIT);
        } finally {
            EtcdReaper.signal("CONT", member());
        }
        assertThat(Duration.ofNanos(System.nanoTime() - terminated)).isLessThan(grace.plusSeconds(10));
        assertThat(Files.readString(panel.log())).contains("cancelling 1 backup(s) still running after 1 s");
        PanelProcess restarted = panel("cancelled-restarted", Duration.ofSeconds(30));
        restarted.start();
        try {
            assertThat(restarted.api().get("/api/v1/snapshots/" + id).status()).isEqualTo(404);
            assertThat(restarted.api().eventReasons(CLUSTER)).contains("BackupCancelled");
            try (Stream<Path> files = Files.list(dataDir.resolve("snapshots/" + CLUSTER))) {
                assertThat(files.map(file -> file.getFileName().toString())).noneMatch(name -> name.contains(id));
            }
        } finally {
            restarted.stop();
        }
    }

    private static PanelProcess panel(String name, Duration grace) {
        return new PanelProcess(dataDir, PORTS, dataDir.resolveSibling(dataDir.getFileName() + "-" + name + ".log"),
                List.of("--etcdpanel.shutdown.grace=" + grace.toSeconds() + "s", "--etcdpanel.backup.restore-test=false"));
    }

    /** Starts a backup and, once its first bytes arrive, stops the member so the stream waits. */
    private static String startBackupAndHoldTheMember(PanelApi api) throws Exception {
        Poll.until(CLUSTER + " Running", DEADLINE, () -> "Running".equals(api.phase(CLUSTER)));
        PanelApi.Answer started = api.post("/api/v1/clusters/" + CLUSTER + "/snapshots", "");
        assertThat(started.status()).as(started.raw().body()).isEqualTo(202);
        String id = started.json().path("id").asString();
        Poll.untilValue("the snapshot to stream", DEADLINE, QUICKLY,
                () -> api.get("/api/v1/snapshots/" + id).json().path("bytesStreamed").asLong() > 0 ? Boolean.TRUE : null);
        EtcdReaper.signal("STOP", member());
        assertThat(api.get("/api/v1/snapshots/" + id).json().path("status").asString()).as("the backup still streams").isEqualTo("Running");
        return id;
    }

    private static List<ProcessHandle> member() {
        return EtcdReaper.processesUnder(dataDir.resolve("local/" + CLUSTER));
    }
}
