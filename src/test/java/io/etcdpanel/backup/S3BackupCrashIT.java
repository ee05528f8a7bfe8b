package io.etcdpanel.backup;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import io.etcdpanel.support.EtcdReaper;
import io.etcdpanel.support.EtcdTestClient;
import io.etcdpanel.support.PanelApi;
import io.etcdpanel.support.PanelProcess;
import io.etcdpanel.support.Poll;
import io.etcdpanel.support.S3Server;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * The panel as its own JVM, storing snapshots in a real S3-compatible server (versitygw), SIGKILLed while a backup's
 * upload is half done: the bucket shows no object, and the next start aborts the unfinished upload and fails the record.
 */
class S3BackupCrashIT {

    private static final String CLUSTER = "s3-killed";
    private static final String PREFIX = "crash/";
    private static final int PART = 5 * 1024 * 1024;
    /** etcd streams a snapshot in 32 KiB messages. */
    private static final int ONE_CHUNK_OR_SO = 256 * 1024;
    private static final Duration DEADLINE = Duration.ofSeconds(180);
    private static final S3Server SERVER = S3Server.shared();
    private static String bucket;
    private static Path dataDir;
    private static PanelProcess panel;

    @BeforeAll
    static void startPanel() throws IOException {
        dataDir = Files.createTempDirectory("etcdpanel-s3-crash-");
        bucket = SERVER.createBucket("crash");
        List<String> properties = new ArrayList<>(List.of("--etcdpanel.backup.store=s3", "--etcdpanel.backup.stall-timeout=2m"));
        SERVER.storeProperties(bucket, PREFIX).forEach((name, value) -> properties.add("--" + name + "=" + value));
        panel = new PanelProcess(dataDir, "25900-25999", dataDir.resolveSibling(dataDir.getFileName() + "-panel.log"), properties);
        panel.start();
    }

    @AfterAll
    static void cleanUp() {
        panel.deleteClusterAndStop(CLUSTER, DEADLINE);
    }

    @Test
    void aPanelKilledMidUploadLeavesNoObjectAndItsNextStartAbortsTheUploadAndFailsTheRecord() throws Exception {
        PanelApi api = panel.api();
        assertThat(api.post("/api/v1/clusters", "{\"name\":\"" + CLUSTER + "\",\"replicas\":1}").status()).isEqualTo(201);
        Poll.until(CLUSTER + " Running", DEADLINE, () -> "Running".equals(api.phase(CLUSTER)));
        try (EtcdTestClient client = new EtcdTestClient(api.members(CLUSTER).get(0).path("clientUrls").get(0).asString())) {
            for (int i = 0; i < 24; i++) {
                client.put("blob-" + i, Character.toString('a' + i % 26).repeat(1024 * 1024));
            }
        }
        List<ProcessHandle> member = EtcdReaper.processesUnder(dataDir.resolve("local/" + CLUSTER));
        List<ProcessHandle> store = List.of(SERVER.process());
        String id;
        // the store hangs, so the stream stops at the first full part; the source hangs too, then the store comes back:
        // the first part goes up and the backup waits on its source with its upload unfinished
        EtcdReaper.signal("STOP", store);
        try {
            id = api.post("/api/v1/clusters/" + CLUSTER + "/snapshots", "").json().path("id").asString();
            Poll.until("a part streamed and held on its way up", DEADLINE,
                    () -> api.get("/api/v1/snapshots/" + id).json().path("bytesStreamed").asLong() >= PART - ONE_CHUNK_OR_SO);
            EtcdReaper.signal("STOP", member);
        } finally {
            EtcdReaper.signal("CONT", store);
        }
        String key = PREFIX + CLUSTER + "/" + id + ".db";
        try {
            Poll.until("the upload begun", DEADLINE, () -> SERVER.unfinishedUploads(bucket, PREFIX).contains(key));
            panel.kill();
        } finally {
            EtcdReaper.signal("CONT", member);
        }
        assertThat(SERVER.keys(bucket, PREFIX)).as("no object while the upload is unfinished").isEmpty();
        assertThat(SERVER.unfinishedUploads(bucket, PREFIX)).as("the killed panel left its upload").containsExactly(key);

        panel.start();
        JsonNode failed = Poll.untilValue("the interrupted backup failed", DEADLINE, () -> {
            JsonNode snapshot = api.get("/api/v1/snapshots/" + id).json();
            return "Failed".equals(snapshot.path("status").asString()) ? snapshot : null;
        });
        assertThat(failed.path("location").isNull()).isTrue();
        assertThat(SERVER.unfinishedUploads(bucket, PREFIX)).as("aborted on taking the lease").isEmpty();
        assertThat(SERVER.keys(bucket, PREFIX)).isEmpty();
        assertThat(api.events(CLUSTER)).anyMatch(event -> event.startsWith("SnapshotFailed: backup " + id + " failed"));
    }
}
