package io.etcdpanel.restore;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import io.etcdpanel.support.EtcdReaper;
import io.etcdpanel.support.EtcdTestClient;
import io.etcdpanel.support.PanelApi;
import io.etcdpanel.support.Poll;
import io.etcdpanel.support.RunningPanel;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import tools.jackson.databind.JsonNode;

/** Restores of a real 3-member cluster: in place and into a new cluster, and refused when the snapshot is damaged or one already runs. */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class RestoreIT extends RunningPanel {

    private static final String CLUSTER = "restored";
    private static final Map<String, String> THOUSAND_KEYS = RestoreFlows.THOUSAND_KEYS;
    private static JsonNode snapshot;

    @Test
    @Order(1)
    void anInPlaceRestoreBringsEveryDeletedKeyBackWithOneLeaderAndThreeHealthyMembers() {
        snapshot = RestoreFlows.inPlaceRestoreBringsEveryDeletedKeyBack(api, CLUSTER, THOUSAND_KEYS, DEADLINE);
    }

    @Test
    @Order(2)
    void aNewClusterRestoreGivesASecondClusterWithTheSameKeys() {
        PanelApi.Answer started = api.post("/api/v1/clusters/restored/restores", "{\"snapshotId\":\"" + snapshot.path("id").asString()
                + "\",\"mode\":\"new-cluster\",\"targetName\":\"restored-copy\"}");
        assertThat(started.status()).as(started.raw().body()).isEqualTo(202);
        JsonNode restore = api.awaitRestore(started.json().path("id").asString(), DEADLINE);
        assertThat(restore.path("targetName").asString()).isEqualTo("restored-copy");
        assertThat(restore.path("preRestoreSnapshotId").isNull()).isTrue();

        Poll.until("restored-copy Running", DEADLINE, () -> "Running".equals(api.phase("restored-copy")));
        assertThat(api.cluster("restored-copy").path("replicas").asInt()).isEqualTo(3);
        try (EtcdTestClient copy = client("restored-copy"); EtcdTestClient source = client(CLUSTER)) {
            assertThat(copy.withPrefix("key-")).isEqualTo(THOUSAND_KEYS);
            assertThat(copy.memberNames()).hasSize(3).allMatch(member -> member.startsWith("restored-copy-"));
            assertThat(source.withPrefix("key-")).isEqualTo(THOUSAND_KEYS);
        }
        assertThat(api.get("/api/v1/clusters/restored-copy/restores").json().get(0).path("id").asString())
                .isEqualTo(restore.path("id").asString());
    }

    @Test
    @Order(3)
    void everyKindOfDamagedSnapshotIsRefusedWith422AndTheClusterIsUntouched() throws IOException {
        JsonNode fresh = api.backUp(CLUSTER, DEADLINE);
        Path file = Path.of(fresh.path("location").asString().substring("file:".length()));
        byte[] original = Files.readAllBytes(file);
        List<Long> pids = memberPids();
        int restores = api.get("/api/v1/clusters/restored/restores").json().size();

        byte[] flippedByte = original.clone();
        flippedByte[flippedByte.length / 2] ^= 0x01;
        byte[] flippedDigest = original.clone();
        flippedDigest[flippedDigest.length - 1] ^= 0x01;
        byte[] truncated = Arrays.copyOf(original, original.length - 512);
        try {
            for (byte[] damaged : List.of(flippedByte, flippedDigest, truncated)) {
                Files.write(file, damaged);
                PanelApi.Answer refused = restoreInPlace(fresh.path("id").asString());
                assertThat(refused.status()).as(refused.raw().body()).isEqualTo(422);
                assertThat(refused.json().path("detail").asString()).contains("nothing was stored or changed");
            }
        } finally {
            Files.write(file, original);
        }
        PanelApi.Answer unknown = restoreInPlace("no-such-snapshot");
        assertThat(unknown.status()).isEqualTo(422);
        PanelApi.Answer badMode = api.post("/api/v1/clusters/restored/restores",
                "{\"snapshotId\":\"" + fresh.path("id").asString() + "\",\"mode\":\"sideways\"}");
        assertThat(badMode.status()).isEqualTo(400);
        assertThat(badMode.json().path("errors").get(0).path("field").asString()).isEqualTo("mode");

        assertThat(api.get("/api/v1/clusters/restored/restores").json().size()).isEqualTo(restores);
        assertThat(api.phase(CLUSTER)).isEqualTo("Running");
        assertThat(memberPids()).as("no member was stopped or started").isEqualTo(pids);
    }

    @Test
    @Order(4)
    void aSnapshotFromAFailedBackupIsRefusedWith422() throws IOException, InterruptedException {
        List<ProcessHandle> members = EtcdReaper.processesUnder(DATA_DIR.resolve("local/" + CLUSTER));
        JsonNode failed;
        EtcdReaper.signal("STOP", members);
        try {
            failed = api.failingBackUp(CLUSTER, DEADLINE);
        } finally {
            EtcdReaper.signal("CONT", members);
        }
        PanelApi.Answer refused = restoreInPlace(failed.path("id").asString());
        assertThat(refused.status()).isEqualTo(422);
        assertThat(refused.json().path("detail").asString()).contains("failed");
    }

    @Test
    @Order(5)
    void twoRestoresAtOnceOneIsAcceptedAndTheOtherGets409() {
        RestoreFlows.twoRestoresAtOnceOneIsAcceptedAndTheOtherGets409(api, CLUSTER, snapshot.path("id").asString(), THOUSAND_KEYS,
                DEADLINE);
    }

    @Test
    @Order(6)
    void aRestoreThatFailsAfterStoppingTheMembersSaysSoAndHandsTheClusterBackToReconcile() throws IOException {
        JsonNode fresh = api.backUp(CLUSTER, DEADLINE);
        Path file = Path.of(fresh.path("location").asString().substring("file:".length()));
        PanelApi.Answer started = restoreInPlace(fresh.path("id").asString());
        assertThat(started.status()).as(started.raw().body()).isEqualTo(202);
        // damaged after it was accepted: the restore reads the file again before laying it down, once the members are stopped
        byte[] damaged = Files.readAllBytes(file);
        damaged[damaged.length / 2] ^= 0x01;
        Files.write(file, damaged);

        String id = started.json().path("id").asString();
        JsonNode failed = Poll.untilValue("the restore to fail", DEADLINE, () -> {
            JsonNode restore = api.get("/api/v1/restores/" + id).json();
            return "Failed".equals(restore.path("status").asString()) ? restore : null;
        });
        assertThat(failed.path("error").asString()).startsWith("restore data dirs failed: ")
                .contains("handed back to reconcile as it is now: 0 of 3 members running");
        assertThat(api.eventReasons(CLUSTER)).contains("RestoreFailed");
        assertThat(api.get("/actuator/prometheus").raw().body()).contains("etcdpanel_restore_total{cluster=\"restored\",result=\"failure\"} 1.0");
        Poll.until("reconcile starts the stopped members again", DEADLINE, () -> "Running".equals(api.phase(CLUSTER))
                && api.members(CLUSTER).stream().allMatch(member -> member.path("healthy").asBoolean()));
        try (EtcdTestClient client = client(CLUSTER)) {
            assertThat(client.withPrefix("key-")).as("the members kept their data").isEqualTo(THOUSAND_KEYS);
        }
    }

    private PanelApi.Answer restoreInPlace(String snapshotId) {
        return RestoreFlows.restoreInPlace(api, CLUSTER, snapshotId);
    }

    private EtcdTestClient client(String cluster) {
        return RestoreFlows.client(api, cluster);
    }

    private static List<Long> memberPids() {
        return EtcdReaper.processesUnder(DATA_DIR.resolve("local/" + CLUSTER)).stream().map(ProcessHandle::pid).sorted().toList();
    }
}
