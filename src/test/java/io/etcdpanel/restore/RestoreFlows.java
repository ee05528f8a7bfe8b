package io.etcdpanel.restore;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.stream.IntStream;

import io.etcdpanel.support.EtcdTestClient;
import io.etcdpanel.support.PanelApi;
import io.etcdpanel.support.Poll;
import tools.jackson.databind.JsonNode;

/** The restore flows every database the panel runs on must pass, driven through the REST API against real etcd members. */
final class RestoreFlows {

    /** Keys key-0000 to key-0999. */
    static final Map<String, String> THOUSAND_KEYS = thousandKeys();

    static final List<String> IN_PLACE_STEPS = List.of("verify snapshot", "take pre-restore snapshot", "stop members",
            "restore data dirs", "start members", "wait for a leader and healthy members", "check revision");

    private RestoreFlows() {
    }

    /**
     * A new 3-member cluster gets the keys, is backed up, loses the keys and is restored in place: every key is back,
     * with one leader and three healthy members. Returns the snapshot restored from.
     */
    static JsonNode inPlaceRestoreBringsEveryDeletedKeyBack(PanelApi api, String cluster, Map<String, String> keys, Duration deadline) {
        assertThat(api.post("/api/v1/clusters", "{\"name\":\"" + cluster + "\",\"replicas\":3}").status()).isEqualTo(201);
        Poll.until(cluster + " Running", deadline, () -> "Running".equals(api.phase(cluster)));
        try (EtcdTestClient client = client(api, cluster)) {
            keys.forEach(client::put);
        }
        JsonNode snapshot = api.backUp(cluster, deadline);
        try (EtcdTestClient client = client(api, cluster)) {
            assertThat(client.deleteAll()).isEqualTo(keys.size());
            assertThat(client.withPrefix("key-")).isEmpty();
        }

        PanelApi.Answer started = restoreInPlace(api, cluster, snapshot.path("id").asString());
        assertThat(started.status()).as(started.raw().body()).isEqualTo(202);
        String id = started.json().path("id").asString();
        assertThat(started.header("Location")).isEqualTo("/api/v1/restores/" + id);
        assertThat(started.json().path("status").asString()).isIn("Pending", "Running");
        assertThat(stepNames(started.json())).isEqualTo(IN_PLACE_STEPS);
        assertThat(api.phase(cluster)).as("reconcile stands back while the restore holds the cluster").isEqualTo("Restoring");
        assertThat(api.patch("/api/v1/clusters/" + cluster, "{\"replicas\":5}").status()).isEqualTo(409);

        JsonNode restore = api.awaitRestore(id, deadline);
        assertThat(stepNames(restore)).isEqualTo(IN_PLACE_STEPS);
        restore.path("steps").forEach(step -> {
            assertThat(step.path("status").asString()).as(step.toString()).isEqualTo("Succeeded");
            assertThat(step.path("finishedAt").asString()).as(step.toString()).isNotBlank();
        });
        JsonNode before = api.get("/api/v1/snapshots/" + restore.path("preRestoreSnapshotId").asString()).json();
        assertThat(before.path("trigger").asString()).isEqualTo("pre-restore");
        assertThat(before.path("status").asString()).isEqualTo("Succeeded");

        try (EtcdTestClient client = client(api, cluster)) {
            assertThat(client.withPrefix("key-")).isEqualTo(keys);
            assertThat(client.revision()).isGreaterThanOrEqualTo(snapshot.path("revision").asLong());
        }
        List<JsonNode> members = api.members(cluster);
        assertThat(members).hasSize(3).allMatch(member -> member.path("healthy").asBoolean());
        assertThat(members.stream().filter(member -> member.path("leader").asBoolean())).hasSize(1);
        Poll.until(cluster + " handed back to reconcile and Running", deadline, () -> "Running".equals(api.phase(cluster)));
        assertThat(api.eventReasons(cluster)).contains("RestoreStarted", "RestoreSucceeded");
        assertThat(api.get("/api/v1/clusters/" + cluster + "/restores").json().get(0).path("id").asString()).isEqualTo(id);
        assertThat(api.get("/actuator/prometheus").raw().body())
                .contains("etcdpanel_restore_total{cluster=\"" + cluster + "\",result=\"success\"} 1.0");
        return snapshot;
    }

    /** Two in-place restores asked at the same moment: the cluster is held by one (202), the other gets 409; the keys stay. */
    static void twoRestoresAtOnceOneIsAcceptedAndTheOtherGets409(PanelApi api, String cluster, String snapshotId,
            Map<String, String> keys, Duration deadline) {
        Poll.until(cluster + " Running", deadline, () -> "Running".equals(api.phase(cluster)));
        CompletableFuture<PanelApi.Answer> first = CompletableFuture.supplyAsync(() -> restoreInPlace(api, cluster, snapshotId));
        CompletableFuture<PanelApi.Answer> second = CompletableFuture.supplyAsync(() -> restoreInPlace(api, cluster, snapshotId));
        List<PanelApi.Answer> answers = List.of(first.join(), second.join());
        assertThat(answers.stream().map(PanelApi.Answer::status).sorted()).containsExactly(202, 409);
        PanelApi.Answer refused = answers.stream().filter(answer -> answer.status() == 409).findFirst().orElseThrow();
        assertThat(refused.json().path("type").asString()).isEqualTo("urn:etcd-panel:problem:restore-running");
        PanelApi.Answer accepted = answers.stream().filter(answer -> answer.status() == 202).findFirst().orElseThrow();
        api.awaitRestore(accepted.json().path("id").asString(), deadline);
        try (EtcdTestClient client = client(api, cluster)) {
            assertThat(client.withPrefix("key-")).isEqualTo(keys);
        }
    }

    static PanelApi.Answer restoreInPlace(PanelApi api, String cluster, String snapshotId) {
        return api.post("/api/v1/clusters/" + cluster + "/restores", "{\"snapshotId\":\"" + snapshotId + "\",\"mode\":\"in-place\"}");
    }

    static EtcdTestClient client(PanelApi api, String cluster) {
        return new EtcdTestClient(api.members(cluster).get(0).path("clientUrls").get(0).asString());
    }

    private static Map<String, String> thousandKeys() {
        Map<String, String> keys = new TreeMap<>();
        IntStream.range(0, 1000).forEach(i -> keys.put(String.format("key-%04d", i), "value-" + i));
        return Collections.unmodifiableMap(keys);
    }

    private static List<String> stepNames(JsonNode restore) {
        List<String> names = new ArrayList<>();
        restore.path("steps").forEach(step -> names.add(step.path("name").asString()));
        return names;
    }
}
