package io.etcdpanel.runtime.local;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.UUID;
import java.util.stream.Stream;

import io.etcdpanel.support.EtcdReaper;
import io.etcdpanel.support.EtcdTestClient;
import io.etcdpanel.support.Poll;
import io.etcdpanel.support.RunningPanel;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/** {@code DELETE ?keepVolumes=true} on the local runtime: real etcd processes stop, their data dirs are moved aside whole. */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class LocalKeepVolumesIT extends RunningPanel {

    private static final String CLUSTER = "keeper";
    private static final String VALUE = "kept-" + UUID.randomUUID();

    @Test
    @Order(1)
    void keepingVolumesStopsTheMembersAndMovesEachDataDirAsideWhole() throws IOException {
        createAndAwaitRunning();
        try (EtcdTestClient etcd = new EtcdTestClient(api.members(CLUSTER).get(0).path("clientUrls").get(0).asString())) {
            etcd.put("survives", VALUE);
        }

        assertThat(api.delete("/api/v1/clusters/" + CLUSTER + "?keepVolumes=true").status()).isEqualTo(202);

        Poll.until(CLUSTER + " gone", DEADLINE, () -> api.get("/api/v1/clusters/" + CLUSTER).status() == 404);
        assertThat(EtcdReaper.processesUnder(DATA_DIR.resolve("local/" + CLUSTER))).isEmpty();
        assertThat(DATA_DIR.resolve("local/" + CLUSTER)).doesNotExist();
        Path kept = keptDirs().get(0);
        assertThat(keptDirs()).hasSize(1);
        assertThat(kept.getFileName().toString()).matches(CLUSTER + "-\\d{8}T\\d{6}Z");
        for (String member : List.of("keeper-0", "keeper-1", "keeper-2")) {
            Path db = kept.resolve(member).resolve("member/snap/db");
            assertThat(db).isRegularFile();
            assertThat(kept.resolve(member).resolve("member/wal")).isDirectory();
            assertThat(new String(Files.readAllBytes(db), StandardCharsets.ISO_8859_1)).as("the key's value in " + db).contains(VALUE);
        }
    }

    @Test
    @Order(2)
    void aNewClusterOfTheSameNameStartsEmptyAndItsEventsSayWhereTheOldDataIs() {
        createAndAwaitRunning();

        try (EtcdTestClient etcd = new EtcdTestClient(api.members(CLUSTER).get(0).path("clientUrls").get(0).asString())) {
            assertThat(etcd.get("survives")).isNull();
        }
        assertThat(api.events(CLUSTER)).anyMatch(event -> event.startsWith("ClusterDeleted: the cluster was deleted; the data of "
                + "keeper-0, keeper-1, keeper-2 was kept in ") && event.contains(keptDirs().get(0).getFileName().toString()));
    }

    @Test
    @Order(3)
    void withoutKeepVolumesNothingIsLeft() {
        assertThat(api.delete("/api/v1/clusters/" + CLUSTER).status()).isEqualTo(202);

        Poll.until(CLUSTER + " gone", DEADLINE, () -> api.get("/api/v1/clusters/" + CLUSTER).status() == 404);
        assertThat(EtcdReaper.processesUnder(DATA_DIR.resolve("local/" + CLUSTER))).isEmpty();
        assertThat(DATA_DIR.resolve("local/" + CLUSTER)).doesNotExist();
        assertThat(keptDirs()).as("only the first cluster's data is kept").hasSize(1);
    }

    private void createAndAwaitRunning() {
        assertThat(api.post("/api/v1/clusters", "{\"name\":\"" + CLUSTER + "\",\"replicas\":3}").status()).isEqualTo(201);
        Poll.until(CLUSTER + " Running with 3 healthy members", DEADLINE, () -> "Running".equals(api.phase(CLUSTER))
                && api.members(CLUSTER).stream().filter(member -> member.path("healthy").asBoolean()).count() == 3);
    }

    private static List<Path> keptDirs() {
        Path root = DATA_DIR.resolve("kept");
        if (!Files.isDirectory(root)) {
            return List.of();
        }
        try (Stream<Path> dirs = Files.list(root)) {
            return dirs.filter(dir -> dir.getFileName().toString().startsWith(CLUSTER + "-")).sorted().toList();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
