package io.etcdpanel.backup;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;

import io.etcdpanel.support.EtcdTestClient;
import io.etcdpanel.support.PanelApi;
import io.etcdpanel.support.Poll;
import io.etcdpanel.support.RunningPanel;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import tools.jackson.databind.JsonNode;

/**
 * {@code GET /api/v1/snapshots} over real clusters and real snapshot files: every cluster's snapshots newest first, the
 * cluster and orphaned filters, a snapshot of a deleted cluster restored into a new one with its keys, then deleted; and a
 * download's headers checked against the sha256 of the bytes it brings.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class SnapshotsOutliveTheirClusterIT extends RunningPanel {

    private static final String KEPT = "kept-on";
    private static final String GONE = "gone-away";
    private static final String REBORN = "gone-reborn";
    private static final Set<String> OURS = Set.of(KEPT, GONE, REBORN);
    private static final Map<String, String> KEYS = Map.of("/orders/1", "one", "/orders/2", "two", "/orders/3", "three");
    private static String keptSnapshot;
    private static String olderGoneSnapshot;
    private static String newerGoneSnapshot;

    @Test
    @Order(1)
    void everyClustersSnapshotsAreListedNewestFirstWithTheFieldsOfASnapshot() {
        for (String cluster : List.of(KEPT, GONE)) {
            assertThat(api.post("/api/v1/clusters", "{\"name\":\"" + cluster + "\",\"replicas\":1}").status()).isEqualTo(201);
        }
        Poll.until("both clusters Running", DEADLINE, () -> "Running".equals(api.phase(KEPT)) && "Running".equals(api.phase(GONE)));
        try (EtcdTestClient etcd = client(GONE)) {
            KEYS.forEach(etcd::put);
        }
        olderGoneSnapshot = api.backUp(GONE, DEADLINE).path("id").asString();
        keptSnapshot = api.backUp(KEPT, DEADLINE).path("id").asString();
        newerGoneSnapshot = api.backUp(GONE, DEADLINE).path("id").asString();
        List.of(olderGoneSnapshot, keptSnapshot, newerGoneSnapshot).forEach(this::awaitRestoreTested);

        List<JsonNode> listed = ours("/api/v1/snapshots");
        assertThat(ids(listed)).containsExactly(newerGoneSnapshot, keptSnapshot, olderGoneSnapshot);
        assertThat(listed.get(0)).as("the same answer as GET /api/v1/snapshots/{id}")
                .isEqualTo(api.get("/api/v1/snapshots/" + newerGoneSnapshot).json());
        assertThat(ids(ours("/api/v1/snapshots?cluster=" + GONE))).containsExactly(newerGoneSnapshot, olderGoneSnapshot);
        assertThat(ids(ours("/api/v1/snapshots?orphaned=false"))).containsExactly(newerGoneSnapshot, keptSnapshot, olderGoneSnapshot);
        assertThat(ours("/api/v1/snapshots?orphaned=true")).isEmpty();
        assertThat(api.get("/api/v1/snapshots?cluster=no-such-cluster").json()).isEmpty();
    }

    @Test
    @Order(2)
    void aFilterThatIsNotTrueOrFalseIsA400ProblemOnIt() {
        for (String bad : List.of("yes", "", "TRUE")) {
            PanelApi.Answer refused = api.get("/api/v1/snapshots?orphaned=" + bad);
            assertThat(refused.status()).as(refused.raw().body()).isEqualTo(400);
            assertThat(refused.header("Content-Type")).startsWith("application/problem+json");
            assertThat(refused.json().path("errors").get(0).path("field").asString()).isEqualTo("orphaned");
        }
    }

    @Test
    @Order(3)
    void aDownloadCarriesItsTypeLengthAStrongETagAndTheReprDigestOfItsRealSha256() throws NoSuchAlgorithmException {
        JsonNode snapshot = api.get("/api/v1/snapshots/" + keptSnapshot).json();
        String content = "/api/v1/snapshots/" + keptSnapshot + "/content";
        byte[] bytes = api.getBytes(content);
        byte[] sha256 = MessageDigest.getInstance("SHA-256").digest(bytes);
        assertThat(HexFormat.of().formatHex(sha256)).isEqualTo(snapshot.path("sha256").asString());

        PanelApi.Answer download = api.get(content);
        assertThat(download.status()).isEqualTo(200);
        assertThat(download.header("Content-Type")).isEqualTo("application/octet-stream");
        assertThat(download.header("Content-Length")).isEqualTo(Long.toString(bytes.length));
        assertThat(download.header("ETag")).isEqualTo("\"" + HexFormat.of().formatHex(sha256) + "\"");
        assertThat(download.header("Repr-Digest")).isEqualTo("sha-256=:" + Base64.getEncoder().encodeToString(sha256) + ":");
    }

    @Test
    @Order(4)
    void theSnapshotsOfADeletedClusterAreListedAsOrphaned() {
        assertThat(api.delete("/api/v1/clusters/" + GONE).status()).isEqualTo(202);
        Poll.until(GONE + " gone from the catalogue", DEADLINE, () -> api.get("/api/v1/clusters/" + GONE).status() == 404);

        assertThat(ids(ours("/api/v1/snapshots?orphaned=true"))).containsExactly(newerGoneSnapshot, olderGoneSnapshot);
        assertThat(ids(ours("/api/v1/snapshots?orphaned=false"))).containsExactly(keptSnapshot);
        assertThat(ids(ours("/api/v1/snapshots?cluster=" + GONE + "&orphaned=true"))).containsExactly(newerGoneSnapshot, olderGoneSnapshot);
        assertThat(ours("/api/v1/snapshots?cluster=" + KEPT + "&orphaned=true")).isEmpty();
        assertThat(api.get("/api/v1/snapshots/" + newerGoneSnapshot + "/content").status()).isEqualTo(200);
    }

    @Test
    @Order(5)
    void anOrphanedSnapshotRestoresIntoANewClusterWithItsKeysButNotInPlace() {
        PanelApi.Answer inPlace = api.post("/api/v1/clusters/" + GONE + "/restores",
                "{\"snapshotId\":\"" + newerGoneSnapshot + "\",\"mode\":\"in-place\"}");
        assertThat(inPlace.status()).as(inPlace.raw().body()).isEqualTo(404);

        PanelApi.Answer started = api.post("/api/v1/clusters/" + GONE + "/restores",
                "{\"snapshotId\":\"" + newerGoneSnapshot + "\",\"mode\":\"new-cluster\",\"targetName\":\"" + REBORN + "\"}");
        assertThat(started.status()).as(started.raw().body()).isEqualTo(202);
        JsonNode restore = api.awaitRestore(started.json().path("id").asString(), DEADLINE);
        assertThat(restore.path("cluster").asString()).isEqualTo(GONE);
        assertThat(restore.path("targetName").asString()).isEqualTo(REBORN);

        Poll.until(REBORN + " Running", DEADLINE, () -> "Running".equals(api.phase(REBORN)));
        assertThat(api.cluster(REBORN).path("replicas").asInt()).as("a new cluster's default, there being no spec to copy").isEqualTo(3);
        try (EtcdTestClient etcd = client(REBORN)) {
            assertThat(etcd.withPrefix("/orders/")).isEqualTo(KEYS);
        }
    }

    @Test
    @Order(6)
    void anOrphanedSnapshotIsDeletedWithItsFile() {
        Path file = Path.of(api.get("/api/v1/snapshots/" + olderGoneSnapshot).json().path("location").asString().substring("file:".length()));
        assertThat(file).exists();

        assertThat(api.delete("/api/v1/snapshots/" + olderGoneSnapshot).status()).isEqualTo(204);

        assertThat(api.get("/api/v1/snapshots/" + olderGoneSnapshot).status()).isEqualTo(404);
        assertThat(file).doesNotExist();
        assertThat(ids(ours("/api/v1/snapshots?orphaned=true"))).containsExactly(newerGoneSnapshot);
    }

    private void awaitRestoreTested(String id) {
        Poll.until("snapshot " + id + " restore-tested", DEADLINE,
                () -> !api.get("/api/v1/snapshots/" + id).json().path("restoreTestedAt").isNull());
    }

    /** The listing's snapshots of this test's clusters: other tests on the same panel leave theirs. */
    private List<JsonNode> ours(String path) {
        PanelApi.Answer answer = api.get(path);
        assertThat(answer.status()).as(answer.raw().body()).isEqualTo(200);
        List<JsonNode> snapshots = new ArrayList<>();
        answer.json().forEach(snapshot -> {
            if (OURS.contains(snapshot.path("cluster").asString())) {
                snapshots.add(snapshot);
            }
        });
        return snapshots;
    }

    private static List<String> ids(List<JsonNode> snapshots) {
        return snapshots.stream().map(snapshot -> snapshot.path("id").asString()).toList();
    }

    private EtcdTestClient client(String cluster) {
        return new EtcdTestClient(api.members(cluster).get(0).path("clientUrls").get(0).asString());
    }
}
