package io.etcdpanel.restore;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

import io.etcdpanel.support.EtcdReaper;
import io.etcdpanel.support.EtcdTestClient;
import io.etcdpanel.support.HostReleases;
import io.etcdpanel.support.PanelUnderTest;
import io.etcdpanel.support.Poll;
import io.etcdpanel.support.S3Server;
import io.etcdpanel.support.SnapshotTool;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;

/**
 * A panel whose snapshots go to a real S3-compatible server (versitygw, {@code etcdpanel.backup.store=s3}): a backup of a
 * real cluster is an object whose download etcd accepts, a restore from it brings every key back, retention and deletion
 * remove objects, and an upload that fails half-way leaves a Failed record and no object nor unfinished upload.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class S3BackupRestoreIT extends PanelUnderTest {

    private static final Path DATA_DIR = temporaryDirectory("etcdpanel-it-s3-");
    private static final S3Server SERVER = S3Server.shared();
    private static final String BUCKET = SERVER.createBucket("panel");
    private static final String PREFIX = "snapshots/";
    private static final int PART = 5 * 1024 * 1024;
    /** etcd streams a snapshot in 32 KiB messages. */
    private static final int ONE_CHUNK_OR_SO = 256 * 1024;

    @DynamicPropertySource
    static void s3PanelProperties(DynamicPropertyRegistry registry) {
        localPanel(registry, DATA_DIR, "25800-25899");
        registry.add("etcdpanel.backup.store", () -> "s3");
        SERVER.storeProperties(BUCKET, PREFIX).forEach((name, value) -> registry.add(name, () -> value));
        // a stream that brings no byte for this long fails the backup (the test hangs its source to fail one)
        registry.add("etcdpanel.backup.stall-timeout", () -> "3s");
        registry.add("etcdpanel.backup.s3.attempt-timeout", () -> "20s");
    }

    @Override
    protected Path dataDir() {
        return DATA_DIR;
    }

    @Test
    @Order(1)
    void aBackupIsAnObjectInTheBucketWhoseDownloadEtcdAcceptsWithTheRecordedDigest() throws Exception {
        createRunning("s3-backed", 1);
        try (EtcdTestClient client = client("s3-backed")) {
            RestoreFlows.THOUSAND_KEYS.forEach(client::put);
        }
        JsonNode snapshot = api.backUp("s3-backed", DEADLINE);
        String id = snapshot.path("id").asString();
        String key = PREFIX + "s3-backed/" + id + ".db";
        assertThat(snapshot.path("location").asString()).isEqualTo("s3://" + BUCKET + "/" + key);
        assertThat(SERVER.keys(BUCKET, PREFIX)).containsExactly(key);

        byte[] downloaded = api.getBytes("/api/v1/snapshots/" + id + "/content");
        assertThat((long) downloaded.length).isEqualTo(snapshot.path("sizeBytes").asLong());
        assertThat(HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(downloaded)))
                .isEqualTo(snapshot.path("sha256").asString());
        Path file = Files.createTempFile(DATA_DIR, "downloaded-", ".db");
        Files.write(file, downloaded);
        assertThat(SnapshotTool.run(HostReleases.DEFAULT, "status", "-w", "json", file.toString()))
                .contains("\"revision\":" + snapshot.path("revision").asLong());

        JsonNode tested = Poll.untilValue("snapshot " + id + " restore-tested", DEADLINE, () -> {
            JsonNode record = api.get("/api/v1/snapshots/" + id).json();
            return record.path("restoreTestedAt").isNull() ? null : record;
        });
        assertThat(tested.path("restoreTestError").isNull()).as(tested.path("restoreTestError").toString()).isTrue();
        assertThat(tested.path("userKeys").asLong()).isEqualTo(1000);

        assertThat(api.delete("/api/v1/snapshots/" + id).status()).isEqualTo(204);
        assertThat(SERVER.keys(BUCKET, PREFIX)).as("deleting the snapshot deletes its object").isEmpty();
        assertThat(api.get("/api/v1/snapshots/" + id).status()).isEqualTo(404);
    }

    @Test
    @Order(2)
    void anInPlaceRestoreFromAnS3SnapshotBringsEveryDeletedKeyBack() {
        JsonNode snapshot = RestoreFlows.inPlaceRestoreBringsEveryDeletedKeyBack(api, "s3-restored", RestoreFlows.THOUSAND_KEYS, DEADLINE);
        assertThat(snapshot.path("location").asString()).startsWith("s3://" + BUCKET + "/" + PREFIX + "s3-restored/");
        assertThat(SERVER.keys(BUCKET, PREFIX + "s3-restored/")).as("the snapshot and the pre-restore snapshot").hasSize(2);
    }

    @Test
    @Order(3)
    void retentionDeletesTheObjectsOfTheScheduledSnapshotsItDrops() {
        createRunning("s3-timed", 1);
        assertThat(api.put("/api/v1/clusters/s3-timed/backup-schedule",
                "{\"cron\":\"*/3 * * * * *\",\"timeZone\":\"UTC\",\"keepLast\":1}").status()).isEqualTo(200);
        Poll.until("a scheduled snapshot dropped by retention", Duration.ofSeconds(90),
                () -> api.events("s3-timed").stream().anyMatch(event -> event.startsWith("SnapshotDeleted: ")));
        assertThat(api.delete("/api/v1/clusters/s3-timed/backup-schedule").status()).isEqualTo(204);
        Poll.until("the bucket holds exactly the objects of the snapshots kept", DEADLINE, () -> {
            List<String> kept = new ArrayList<>();
            api.get("/api/v1/clusters/s3-timed/snapshots").json().forEach(snapshot -> {
                if (!"Running".equals(snapshot.path("status").asString())) {
                    kept.add(snapshot.path("location").asString().replace("s3://" + BUCKET + "/", ""));
                }
            });
            return !kept.contains("") && SERVER.keys(BUCKET, PREFIX + "s3-timed/").equals(kept.stream().sorted().toList())
                    && api.get("/api/v1/clusters/s3-timed/snapshots").json().size() == kept.size();
        });
    }

    @Test
    @Order(4)
    void anUploadFailingHalfWayLeavesAFailedRecordNoObjectAndNoUnfinishedUpload() throws Exception {
        createRunning("s3-cut", 1);
        try (EtcdTestClient client = client("s3-cut")) {
            for (int i = 0; i < 24; i++) {
                client.put("blob-" + i, Character.toString('a' + i % 26).repeat(1024 * 1024));
            }
        }
        List<ProcessHandle> member = EtcdReaper.processesUnder(DATA_DIR.resolve("local/s3-cut"));
        List<ProcessHandle> store = List.of(SERVER.process());
        String id;
        // the store hangs: the stream stops at the first full part, on its way up; then the source hangs too, and the
        // store comes back: the part goes up, the stream stalls, the backup fails and its upload is aborted
        EtcdReaper.signal("STOP", store);
        try {
            id = api.post("/api/v1/clusters/s3-cut/snapshots", "").json().path("id").asString();
            // the write that fills the part is held in the upload, so the bytes counted stop just short of a part
            Poll.until("a part streamed and held on its way up", DEADLINE,
                    () -> api.get("/api/v1/snapshots/" + id).json().path("bytesStreamed").asLong() >= PART - ONE_CHUNK_OR_SO);
            EtcdReaper.signal("STOP", member);
        } finally {
            EtcdReaper.signal("CONT", store);
        }
        JsonNode failed;
        try {
            failed = Poll.untilValue("the backup to fail", DEADLINE, () -> {
                JsonNode snapshot = api.get("/api/v1/snapshots/" + id).json();
                return "Failed".equals(snapshot.path("status").asString()) ? snapshot : null;
            });
        } finally {
            EtcdReaper.signal("CONT", member);
        }
        assertThat(failed.path("error").asString()).contains("stalled");
        assertThat(failed.path("location").isNull()).isTrue();
        assertThat(SERVER.keys(BUCKET, PREFIX + "s3-cut/")).as("no object").isEmpty();
        assertThat(SERVER.unfinishedUploads(BUCKET, PREFIX + "s3-cut/")).as("no unfinished upload").isEmpty();
        assertThat(api.events("s3-cut")).anyMatch(event -> event.startsWith("SnapshotFailed: backup " + id + " failed"));

        Poll.until("s3-cut Running again", DEADLINE, () -> "Running".equals(api.phase("s3-cut")));
        JsonNode next = api.backUp("s3-cut", DEADLINE);
        assertThat(next.path("sizeBytes").asLong()).as("a snapshot of several parts").isGreaterThan(2L * PART);
        assertThat(SERVER.keys(BUCKET, PREFIX + "s3-cut/")).containsExactly(PREFIX + "s3-cut/" + next.path("id").asString() + ".db");
    }

    private void createRunning(String cluster, int replicas) {
        assertThat(api.post("/api/v1/clusters", "{\"name\":\"" + cluster + "\",\"replicas\":" + replicas + "}").status()).isEqualTo(201);
        Poll.until(cluster + " Running", DEADLINE, () -> "Running".equals(api.phase(cluster)));
    }

    private EtcdTestClient client(String cluster) {
        return RestoreFlows.client(api, cluster);
    }
}
