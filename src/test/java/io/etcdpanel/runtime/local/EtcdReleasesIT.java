package io.etcdpanel.runtime.local;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import io.etcdpanel.support.EtcdReaper;
import io.etcdpanel.support.EtcdTestClient;
import io.etcdpanel.support.HostReleases;
import io.etcdpanel.support.PanelApi;
import io.etcdpanel.support.Poll;
import io.etcdpanel.support.RunningPanel;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.FieldSource;
import tools.jackson.databind.JsonNode;

/**
 * On each supported etcd release (the newest 3.5, 3.6 and 3.7): 3 members start on it, a killed member is healed, the
 * cluster scales 3 → 5 → 3 (members join as learners), a backup is taken and restore-tested with that release's tools,
 * and a restore into a new cluster has every key.
 */
class EtcdReleasesIT extends RunningPanel {

    static final List<String> RELEASES = HostReleases.SUPPORTED;

    @ParameterizedTest(name = "etcd {0}")
    @FieldSource("RELEASES")
    void threeMembersHealScaleBackUpRestoreTestAndRestoreIntoANewCluster(String version) throws Exception {
        String cluster = "on-" + version.replace('.', '-');
        PanelApi.Answer created = api.post("/api/v1/clusters", "{\"name\":\"" + cluster + "\",\"replicas\":3,\"version\":\"" + version + "\"}");
        assertThat(created.status()).as(created.raw().body()).isEqualTo(201);
        Poll.until(cluster + " Running", DEADLINE, () -> "Running".equals(api.phase(cluster)));
        assertThat(api.members(cluster)).hasSize(3).extracting(member -> member.path("version").asString()).containsOnly(version);
        Map<String, String> keys = new TreeMap<>();
        for (int i = 0; i < 100; i++) {
            keys.put(String.format("key-%03d", i), "value-" + i + "-on-" + version);
        }
        try (EtcdTestClient client = client(cluster)) {
            keys.forEach(client::put);
        }

        String killed = cluster + "-1";
        EtcdReaper.signal("KILL", EtcdReaper.processesUnder(DATA_DIR.resolve("local/" + cluster + "/" + killed)));
        Poll.until(killed + " healed", DEADLINE, () -> api.members(cluster).stream()
                .allMatch(member -> member.path("healthy").asBoolean()) && "Running".equals(api.phase(cluster))
                && !EtcdReaper.processesUnder(DATA_DIR.resolve("local/" + cluster + "/" + killed)).isEmpty());

        for (int replicas : new int[] {5, 3}) {
            assertThat(api.patch("/api/v1/clusters/" + cluster, "{\"replicas\":" + replicas + "}").status()).isEqualTo(200);
            Poll.until(cluster + " Running with " + replicas + " members", DEADLINE, () -> "Running".equals(api.phase(cluster))
                    && api.members(cluster).size() == replicas
                    && api.members(cluster).stream().allMatch(member -> member.path("healthy").asBoolean()));
            try (EtcdTestClient client = client(cluster)) {
                assertThat(client.memberNames()).hasSize(replicas);
                assertThat(client.withPrefix("key-")).isEqualTo(keys);
            }
        }

        JsonNode snapshot = api.backUp(cluster, DEADLINE);
        assertThat(snapshot.path("etcdVersion").asString()).isEqualTo(version);
        assertThat(snapshot.path("keyCount").asLong()).as("the keys a client sees, on every release").isEqualTo(keys.size());
        String id = snapshot.path("id").asString();
        JsonNode tested = Poll.untilValue("snapshot " + id + " restore-tested", DEADLINE, () -> {
            JsonNode record = api.get("/api/v1/snapshots/" + id).json();
            return record.path("restoreTestedAt").isNull() ? null : record;
        });
        assertThat(tested.path("restoreTestError").isNull()).as(tested.path("restoreTestError").toString()).isTrue();
        assertThat(tested.path("userKeys").asLong()).isEqualTo(keys.size());

        String copy = cluster + "-copy";
        PanelApi.Answer started = api.post("/api/v1/clusters/" + cluster + "/restores",
                "{\"snapshotId\":\"" + id + "\",\"mode\":\"new-cluster\",\"targetName\":\"" + copy + "\"}");
        assertThat(started.status()).as(started.raw().body()).isEqualTo(202);
        JsonNode restore = api.awaitRestore(started.json().path("id").asString(), DEADLINE);
        assertThat(restore.path("status").asString()).as(restore.toString()).isEqualTo("Succeeded");
        Poll.until(copy + " Running", DEADLINE, () -> "Running".equals(api.phase(copy)));
        assertThat(api.members(copy)).hasSize(3).extracting(member -> member.path("version").asString()).containsOnly(version);
        try (EtcdTestClient restored = client(copy)) {
            assertThat(restored.withPrefix("key-")).isEqualTo(keys);
        }
    }

    private EtcdTestClient client(String cluster) {
        return new EtcdTestClient(api.members(cluster).get(0).path("clientUrls").get(0).asString());
    }
}
