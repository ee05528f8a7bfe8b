package io.etcdpanel.restore;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import io.etcdpanel.support.EtcdReaper;
import io.etcdpanel.support.PanelApi;
import io.etcdpanel.support.Poll;
import io.etcdpanel.support.PostgresPanel;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import tools.jackson.databind.JsonNode;

/**
 * Backups and restores with the catalogue on PostgreSQL: the one-running-backup constraint, and the full in-place
 * restore of a real 3-member cluster (the same flow {@link RestoreIT} runs on H2), with its steps stored as JSON.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class PostgresRestoreIT extends PostgresPanel {

    private static JsonNode snapshot;

    @Test
    @Order(1)
    void aSecondBackupWhileOneRunsIsRefusedWith409ByTheDatabaseAndTheNextOneAfterItRuns() throws Exception {
        String cluster = "pg-single";
        assertThat(api.post("/api/v1/clusters", "{\"name\":\"" + cluster + "\",\"replicas\":1}").status()).isEqualTo(201);
        Poll.until(cluster + " Running", DEADLINE, () -> "Running".equals(api.phase(cluster)));
        List<ProcessHandle> member = EtcdReaper.processesUnder(dataDir().resolve("local/" + cluster));
        PanelApi.Answer first;
        PanelApi.Answer second;
        // a hung member keeps the first backup Running (until its probe times out) while the second is asked for
        EtcdReaper.signal("STOP", member);
        try {
            first = api.post("/api/v1/clusters/" + cluster + "/snapshots", "");
            second = api.post("/api/v1/clusters/" + cluster + "/snapshots", "");
        } finally {
            EtcdReaper.signal("CONT", member);
        }
        assertThat(first.status()).as(first.raw().body()).isEqualTo(202);
        assertThat(second.status()).as(second.raw().body()).isEqualTo(409);
        String id = first.json().path("id").asString();
        Poll.until("the first backup ended", DEADLINE,
                () -> !"Running".equals(api.get("/api/v1/snapshots/" + id).json().path("status").asString()));

        JsonNode next = api.backUp(cluster, DEADLINE);
        assertThat(next.path("id").asString()).isNotEqualTo(id);
        assertThat(api.get("/api/v1/clusters/" + cluster + "/snapshots").json()).as("two finished records, no third").hasSize(2);
    }

    @Test
    @Order(2)
    void anInPlaceRestoreBringsEveryDeletedKeyBackWithOneLeaderAndThreeHealthyMembers() {
        snapshot = RestoreFlows.inPlaceRestoreBringsEveryDeletedKeyBack(api, "pg-restored", RestoreFlows.THOUSAND_KEYS, DEADLINE);
    }

    @Test
    @Order(3)
    void twoRestoresAtOnceOneIsAcceptedAndTheOtherGets409() {
        RestoreFlows.twoRestoresAtOnceOneIsAcceptedAndTheOtherGets409(api, "pg-restored", snapshot.path("id").asString(),
                RestoreFlows.THOUSAND_KEYS, DEADLINE);
    }
}
