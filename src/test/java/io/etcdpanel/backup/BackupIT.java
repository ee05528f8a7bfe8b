package io.etcdpanel.backup;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;

import io.etcdpanel.support.EtcdReaper;
import io.etcdpanel.support.EtcdTestClient;
import io.etcdpanel.support.HostReleases;
import io.etcdpanel.support.PanelApi;
import io.etcdpanel.support.Poll;
import io.etcdpanel.support.RunningPanel;
import io.etcdpanel.support.SnapshotTool;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** Backups of a real 3-member cluster: taken from a healthy member, checked, downloadable, importable; bad files refused. */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class BackupIT extends RunningPanel {

    private static final String CLUSTER = "backed";
    private static byte[] downloaded;
    @Test
    @Order(1)
    void aBackupOfAThousandKeysIsAFileEtcdAcceptsWithTheRecordedDigestRevisionAndKeys() throws Exception {
        assertThat(api.post("/api/v1/clusters", "{\"name\":\"backed\",\"replicas\":3}").status()).isEqualTo(201);
        Poll.until("backed Running", DEADLINE, () -> "Running".equals(api.phase(CLUSTER)));
        try (EtcdTestClient client = new EtcdTestClient(api.members(CLUSTER).get(0).path("clientUrls").get(0).asString())) {
            for (int i = 0; i < 1000; i++) {
                client.put(String.format("key-%04d", i), "value-" + i);
            }
        }

        JsonNode snapshot = backUpAndWait();
        assertThat(snapshot.path("trigger").asString()).isEqualTo("manual");
        assertThat(snapshot.path("verified").asBoolean()).isTrue();
        assertThat(snapshot.path("revision").asLong()).isGreaterThanOrEqualTo(1001);
        assertThat(snapshot.path("etcdVersion").asString()).isEqualTo(HostReleases.DEFAULT);
        String leader = api.cluster(CLUSTER).path("status").path("leaderName").asString();
        assertThat(snapshot.path("takenFrom").asString()).as("a follower, to spare the leader").startsWith("backed-").isNotEqualTo(leader);

        downloaded = api.getBytes("/api/v1/snapshots/" + snapshot.path("id").asString() + "/content");
        assertThat((long) downloaded.length).isEqualTo(snapshot.path("sizeBytes").asLong());
        assertThat(downloaded.length % 512).isEqualTo(32);
        assertThat(Arrays.copyOfRange(downloaded, downloaded.length - 32, downloaded.length))
                .isEqualTo(sha256(Arrays.copyOf(downloaded, downloaded.length - 32)));
        assertThat(HexFormat.of().formatHex(sha256(downloaded))).isEqualTo(snapshot.path("sha256").asString());

        Path file = Files.createTempFile("backed-", ".db");
        Files.write(file, downloaded);
        JsonNode status = JsonMapper.builder().build().readTree(SnapshotTool.run(HostReleases.DEFAULT, "status", "-w", "json",
                file.toString()));
        assertThat(status.path("revision").asLong()).isEqualTo(snapshot.path("revision").asLong());
        assertThat(snapshot.path("keyCount").asLong()).as("the keys a client sees, on every release").isEqualTo(1000);
        Path restored = Files.createTempDirectory("backed-restore-").resolve("data");
        SnapshotTool.run(HostReleases.DEFAULT, "restore", file.toString(), "--data-dir=" + restored);
        assertThat(restored.resolve("member/snap/db")).exists();

        JsonNode tested = restoreTested(snapshot.path("id").asString());
        assertThat(tested.path("restoreTestError").isNull()).as(tested.path("restoreTestError").toString()).isTrue();
        assertThat(tested.path("userKeys").asLong()).isEqualTo(1000);
        assertThat(api.events(CLUSTER)).anyMatch(event -> event.startsWith("SnapshotRestoreTested: snapshot " + snapshot.path("id").asString()
                + " restored into a scratch member: revision " + snapshot.path("revision").asLong() + ", 1000 keys"));
        assertThat(api.cluster(CLUSTER).path("lastSnapshot").path("id").asString()).isEqualTo(snapshot.path("id").asString());
        assertThat(api.events(CLUSTER)).anyMatch(event -> event.startsWith("SnapshotTaken: snapshot " + snapshot.path("id").asString()));
        assertThat(api.get("/actuator/prometheus").raw().body())
                .contains("etcdpanel_backup_last_success_timestamp_seconds{cluster=\"backed\"}")
                .contains("etcdpanel_backup_size_bytes{cluster=\"backed\"} " + (double) downloaded.length)
                .contains("etcdpanel_backup_duration_seconds_count{cluster=\"backed\",result=\"success\"} 1");
    }

    @Test
    @Order(2)
    void aBackupWhileOneMemberHangsIsTakenFromAHealthyOne() throws Exception {
        String hung = api.members(CLUSTER).stream().filter(member -> !member.path("leader").asBoolean())
                .map(member -> member.path("name").asString()).findFirst().orElseThrow();
        List<ProcessHandle> processes = EtcdReaper.processesUnder(DATA_DIR.resolve("local/backed/" + hung));
        EtcdReaper.signal("STOP", processes);
        try {
            JsonNode snapshot = backUpAndWait();
            assertThat(snapshot.path("takenFrom").asString()).isNotEqualTo(hung);
        } finally {
            EtcdReaper.signal("CONT", processes);
        }
    }

    @Test
    @Order(3)
    void anExternalSnapshotIsImportedAndEveryKindOfDamagedOneIsRefusedWithNothingStored() {
        PanelApi.Answer imported = api.postBytes("/api/v1/clusters/backed/snapshots/import", downloaded);
        assertThat(imported.status()).isEqualTo(201);
        assertThat(imported.json().path("trigger").asString()).isEqualTo("import");
        assertThat(imported.json().path("status").asString()).isEqualTo("Succeeded");
        assertThat(imported.json().path("userKeys").asLong()).as("unknown until the restore test counts them").isEqualTo(-1);
        JsonNode tested = restoreTested(imported.json().path("id").asString());
        assertThat(tested.path("restoreTestError").isNull()).isTrue();
        assertThat(tested.path("userKeys").asLong()).isEqualTo(1000);
        int history = api.get("/api/v1/clusters/backed/snapshots").json().size();

        byte[] flippedByte = downloaded.clone();
        flippedByte[flippedByte.length / 2] ^= 0x01;
        byte[] flippedDigest = downloaded.clone();
        flippedDigest[flippedDigest.length - 1] ^= 0x01;
        byte[] truncated = Arrays.copyOf(downloaded, downloaded.length - 512);
        byte[] notASnapshot = "just some text".repeat(100).getBytes(StandardCharsets.UTF_8);
        for (byte[] damaged : List.of(flippedByte, flippedDigest, truncated, notASnapshot)) {
            PanelApi.Answer refused = api.postBytes("/api/v1/clusters/backed/snapshots/import", damaged);
            assertThat(refused.status()).isEqualTo(422);
            assertThat(refused.json().path("detail").asString()).contains("nothing was stored");
        }
        assertThat(api.get("/api/v1/clusters/backed/snapshots").json().size()).isEqualTo(history);
    }

    @Test
    @Order(4)
    void aBackupWithNoHealthyMemberFailsWithItsReasonAndLeavesNoFile() throws Exception {
        List<ProcessHandle> all = EtcdReaper.processesUnder(DATA_DIR.resolve("local/backed"));
        EtcdReaper.signal("STOP", all);
        JsonNode failed;
        try {
            failed = api.failingBackUp(CLUSTER, DEADLINE);
        } finally {
            EtcdReaper.signal("CONT", all);
        }
        assertThat(failed.path("error").asString()).startsWith("no healthy member to take a snapshot from");
        assertThat(failed.path("location").isNull()).isTrue();
        assertThat(api.get("/api/v1/snapshots/" + failed.path("id").asString() + "/content").status()).isEqualTo(404);
        try (var files = Files.list(DATA_DIR.resolve("snapshots/backed"))) {
            assertThat(files.map(path -> path.getFileName().toString())).noneMatch(name -> name.contains(failed.path("id").asString()));
        }
        assertThat(api.get("/actuator/prometheus").raw().body())
                .contains("etcdpanel_backup_failures_total{cluster=\"backed\",reason=\"no-healthy-member\"} 1.0");
    }

    @Test
    @Order(5)
    void aDeletedSnapshotIsGoneWithItsFileAndDeletingTheClusterCanDropTheRest() {
        JsonNode newest = api.get("/api/v1/clusters/backed/snapshots").json().get(0);
        String id = newest.path("id").asString();
        assertThat(api.delete("/api/v1/snapshots/" + id).status()).isEqualTo(204);
        assertThat(api.get("/api/v1/snapshots/" + id).status()).isEqualTo(404);

        assertThat(api.delete("/api/v1/clusters/backed?deleteSnapshots=true").status()).isEqualTo(202);
        Poll.until("backed gone", DEADLINE, () -> api.get("/api/v1/clusters/backed").status() == 404);
        assertThat(DATA_DIR.resolve("snapshots/backed")).isEmptyDirectory();
    }

    @Test
    @Order(6)
    void aMemberKilledMidStreamLeavesAFailedRecordAndNoFile() throws Exception {
        assertThat(api.post("/api/v1/clusters", "{\"name\":\"bulky\",\"replicas\":1}").status()).isEqualTo(201);
        Poll.until("bulky Running", DEADLINE, () -> "Running".equals(api.phase("bulky")));
        try (EtcdTestClient client = new EtcdTestClient(api.members("bulky").get(0).path("clientUrls").get(0).asString())) {
            for (int i = 0; i < 64; i++) {
                client.put("blob-" + i, Character.toString('a' + i % 26).repeat(1024 * 1024));
            }
        }
        String id = api.post("/api/v1/clusters/bulky/snapshots", "").json().path("id").asString();
        JsonNode streaming = Poll.untilValue("bytes streaming", DEADLINE, Duration.ofMillis(5), () -> {
            JsonNode snapshot = api.get("/api/v1/snapshots/" + id).json();
            assertThat(snapshot.path("status").asString()).as("the stream must still run to be cut").isEqualTo("Running");
            return snapshot.path("bytesStreamed").asLong() > 0 ? snapshot : null;
        });
        EtcdReaper.killAllUnder(DATA_DIR.resolve("local/bulky"));

        JsonNode failed = Poll.untilValue("the backup to fail", DEADLINE, () -> {
            JsonNode snapshot = api.get("/api/v1/snapshots/" + id).json();
            return "Failed".equals(snapshot.path("status").asString()) ? snapshot : null;
        });
        assertThat(streaming.path("bytesStreamed").asLong()).isLessThan(64L * 1024 * 1024);
        assertThat(failed.path("error").asString()).contains("snapshot");
        try (var files = Files.list(DATA_DIR.resolve("snapshots/bulky"))) {
            assertThat(files).as("no snapshot file, staged or committed").isEmpty();
        }
        assertThat(api.events("bulky")).anyMatch(event -> event.startsWith("SnapshotFailed: backup " + id + " failed"));
    }

    private JsonNode restoreTested(String id) {
        return Poll.untilValue("snapshot " + id + " restore-tested", DEADLINE, () -> {
            JsonNode snapshot = api.get("/api/v1/snapshots/" + id).json();
            return snapshot.path("restoreTestedAt").isNull() ? null : snapshot;
        });
    }

    private JsonNode backUpAndWait() {
        return api.backUp(CLUSTER, DEADLINE);
    }

    private static byte[] sha256(byte[] bytes) throws NoSuchAlgorithmException {
        return MessageDigest.getInstance("SHA-256").digest(bytes);
    }
}
