package io.etcdpanel.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import io.etcdpanel.support.PageSession;
import io.etcdpanel.support.PanelApi;
import io.etcdpanel.support.Poll;
import io.etcdpanel.support.RunningPanel;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** Every change and every refused attempt lands in the audit with who, what, which cluster or snapshot, and how it ended. */
class AuditIT extends RunningPanel {

    private static final String CLUSTER = "audited";
    private static final String PASSWORD = "audit-password-1";

    @Test
    void changesAndRefusalsAreAuditedWithTheirClusterSnapshotAndOutcome() {
        Instant before = Instant.now();
        PanelApi admin = new PanelApi(port);
        admin.post("/api/v1/users", "{\"username\":\"audit-viewer\",\"password\":\"" + PASSWORD + "\",\"role\":\"VIEWER\"}");
        PanelApi viewer = admin.as("audit-viewer", PASSWORD);

        assertThat(admin.post("/api/v1/clusters", "{\"name\":\"" + CLUSTER + "\",\"replicas\":1}").status()).isEqualTo(201);
        Poll.until(CLUSTER + " Running", DEADLINE, () -> "Running".equals(admin.phase(CLUSTER)));
        JsonNode snapshot = admin.backUp(CLUSTER, DEADLINE);
        String id = snapshot.path("id").asString();
        String sha256 = snapshot.path("sha256").asString();

        assertThat(viewer.delete("/api/v1/snapshots/" + id).status()).isEqualTo(403);
        assertThat(viewer.post("/api/v1/clusters", "{\"name\":\"not-by-a-viewer\"}").status()).isEqualTo(403);
        assertThat(admin.post("/api/v1/clusters", "{\"name\":\"" + CLUSTER + "\",\"replicas\":1}").status()).isEqualTo(409);
        assertThat(admin.delete("/api/v1/snapshots/" + id).status()).isEqualTo(204);

        // an entry is completed just after its answer is sent: wait until none of this test's is still Started
        Poll.until("this test's audit entries completed", DEADLINE, () -> entries(admin.get("/api/v1/audit?from=" + before).json())
                .stream().noneMatch(entry -> entry.path("outcome").asString().equals("Started")));
        List<JsonNode> entries = entries(admin.get("/api/v1/audit?cluster=" + CLUSTER + "&from=" + before).json());
        assertThat(entries).extracting(entry -> entry.path("action").asString() + " " + entry.path("outcome").asString() + " "
                + entry.path("actor").asString()).containsSubsequence(
                "cluster.create Refused admin",     // newest first: the name was taken
                "cluster.create Succeeded admin");
        JsonNode backup = find(entries, "snapshot.backup", "Succeeded");
        assertThat(backup.path("snapshotId").asString()).isEqualTo(id);
        assertThat(backup.path("status").asInt()).isEqualTo(202);
        assertThat(backup.path("finishedAt").isNull()).isFalse();

        List<JsonNode> aboutTheSnapshot = entries(admin.get("/api/v1/audit?from=" + before).json()).stream()
                .filter(entry -> entry.path("snapshotId").asString().equals(id)).toList();
        JsonNode refusedDelete = find(aboutTheSnapshot, "snapshot.delete", "Refused");
        assertThat(refusedDelete.path("actor").asString()).isEqualTo("audit-viewer");
        assertThat(refusedDelete.path("status").asInt()).isEqualTo(403);
        assertThat(refusedDelete.path("snapshotSha256").asString()).isEqualTo(sha256);
        JsonNode delete = find(aboutTheSnapshot, "snapshot.delete", "Succeeded");
        assertThat(delete.path("actor").asString()).isEqualTo("admin");
        assertThat(delete.path("snapshotSha256").asString()).as("named by its digest, read before it went").isEqualTo(sha256);

        List<JsonNode> byViewer = entries(admin.get("/api/v1/audit?user=audit-viewer&from=" + before).json());
        assertThat(byViewer).extracting(entry -> entry.path("action").asString())
                .containsExactlyInAnyOrder("snapshot.delete", "cluster.create");
        assertThat(byViewer).allSatisfy(entry -> assertThat(entry.path("outcome").asString()).isEqualTo("Refused"));

        assertThat(entries(admin.get("/api/v1/audit?to=" + before).json())).as("nothing of this test before it began")
                .noneMatch(entry -> CLUSTER.equals(entry.path("cluster").asString()));
        assertThat(viewer.get("/api/v1/audit?limit=1").json()).hasSize(1);
        assertThat(admin.get("/api/v1/audit?from=yesterday").status()).isEqualTo(400);
    }

    @Test
    void theAuditPageListsTheEntriesAndExplainsAnEmptyFilter() {
        var session = new PageSession(port);
        session.signIn(PanelApi.ADMIN, PanelApi.ADMIN_PASSWORD);
        new PanelApi(port).delete("/api/v1/clusters/no-such-cluster-here");
        String page = session.get("/audit?cluster=").body();
        assertThat(page).contains("cluster.delete").contains("DELETE /api/v1/clusters/no-such-cluster-here");
        String empty = session.get("/audit?user=nobody-at-all").body();
        assertThat(empty).contains("Nothing matches these filters.");
        assertThat(session.get("/audit?from=garbage").body()).contains("not a date and time like");
    }

    private static List<JsonNode> entries(JsonNode array) {
        List<JsonNode> entries = new ArrayList<>();
        array.forEach(entries::add);
        return entries;
    }

    private static JsonNode find(List<JsonNode> entries, String action, String outcome) {
        return entries.stream().filter(entry -> entry.path("action").asString().equals(action)
                && entry.path("outcome").asString().equals(outcome)).findFirst()
                .orElseThrow(() -> new AssertionError("no " + action + " " + outcome + " among " + entries));
    }
}
