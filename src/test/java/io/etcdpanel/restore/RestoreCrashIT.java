package io.etcdpanel.restore;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;

import io.etcdpanel.support.EtcdReaper;
import io.etcdpanel.support.EtcdTestClient;
import io.etcdpanel.support.PanelApi;
import io.etcdpanel.support.PanelProcess;
import io.etcdpanel.support.Poll;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * The panel as its own JVM, SIGKILLed while a restore lays down the members' data (some members
 * restored, one still holding the old data, all stopped) and started again: the restore resumes
 * and the cluster ends up whole, never half-restored.
 */
class RestoreCrashIT {

    private static final String CLUSTER = "phoenix";
    private static final Duration DEADLINE = Duration.ofSeconds(180);
    private static Path dataDir;
    private static PanelProcess panel;

    @BeforeAll
    static void startPanel() throws IOException {
        dataDir = Files.createTempDirectory("etcdpanel-restore-crash-");
        panel = new PanelProcess(dataDir, "24400-24499");
        panel.start();
    }

    @AfterAll
    static void cleanUp() {
        panel.deleteClusterAndStop(CLUSTER, DEADLINE);
    }

    @Test
    void aRestoreCutOffMidwayByAPanelCrashResumesOnTheNextStartAndEndsWhole() throws Exception {
        PanelApi api = panel.api();
        assertThat(api.post("/api/v1/clusters", "{\"name\":\"phoenix\",\"replicas\":3}").status()).isEqualTo(201);
        Poll.until(CLUSTER + " Running", DEADLINE, () -> "Running".equals(api.phase(CLUSTER)));
        Map<String, String> keys = new TreeMap<>();
        IntStream.range(0, 200).forEach(i -> keys.put("key-" + i, "value-" + i));
        try (EtcdTestClient client = client(api)) {
            keys.forEach(client::put);
        }
        JsonNode snapshot = api.backUp(CLUSTER, DEADLINE);
        try (EtcdTestClient client = client(api)) {
            client.deleteAll();
            client.put("written-after-the-snapshot", "lost by the restore");
        }

        CompletableFuture<Void> killed = panel.killWhenPrinted("data of phoenix-1 restored");
        PanelApi.Answer started = api.post("/api/v1/clusters/phoenix/restores",
                "{\"snapshotId\":\"" + snapshot.path("id").asString() + "\",\"mode\":\"in-place\"}");
        assertThat(started.status()).as(started.raw().body()).isEqualTo(202);
        String id = started.json().path("id").asString();
        killed.get(60, TimeUnit.SECONDS);
        panel.kill();
        assertThat(EtcdReaper.processesUnder(dataDir.resolve("local/" + CLUSTER))).as("every member stopped by the restore").isEmpty();

        panel.start();
        JsonNode restore = panel.api().awaitRestore(id, DEADLINE);
        restore.path("steps").forEach(step -> assertThat(step.path("status").asString()).as(step.toString()).isEqualTo("Succeeded"));
        assertThat(panel.api().eventReasons(CLUSTER)).contains("RestoreResumed", "RestoreSucceeded");
        Poll.until(CLUSTER + " Running after the resumed restore", DEADLINE, () -> "Running".equals(panel.api().phase(CLUSTER)));
        List<JsonNode> members = panel.api().members(CLUSTER);
        assertThat(members).hasSize(3).allMatch(member -> member.path("healthy").asBoolean());
        assertThat(members.stream().filter(member -> member.path("leader").asBoolean())).hasSize(1);
        for (JsonNode member : members) {
            try (EtcdTestClient client = new EtcdTestClient(member.path("clientUrls").get(0).asString())) {
                assertThat(client.withPrefix("key-")).as("every member holds the snapshot's keys").isEqualTo(keys);
                assertThat(client.get("written-after-the-snapshot")).isNull();
                assertThat(client.revision()).isGreaterThanOrEqualTo(snapshot.path("revision").asLong());
            }
        }
    }

    private static EtcdTestClient client(PanelApi api) {
        return new EtcdTestClient(api.members(CLUSTER).get(0).path("clientUrls").get(0).asString());
    }
}
