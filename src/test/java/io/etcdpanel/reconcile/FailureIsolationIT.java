package io.etcdpanel.reconcile;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import io.etcdpanel.support.Poll;
import io.etcdpanel.support.RunningPanel;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** A cluster whose passes fail is marked so, never holds up the others, and recovers once the cause is gone. */
class FailureIsolationIT extends RunningPanel {

    @Test
    void aFailingClusterIsMarkedWhileAnotherComesUpAndItRecoversOnceTheCauseIsGone() throws IOException {
        // A plain file where the cluster's member directories must go: every pass of "blocked" fails on it.
        Path obstacle = DATA_DIR.resolve("local/blocked");
        Files.createDirectories(obstacle.getParent());
        Files.writeString(obstacle, "not a directory");

        assertThat(api.post("/api/v1/clusters", "{\"name\":\"blocked\",\"replicas\":1}").status()).isEqualTo(201);
        assertThat(api.post("/api/v1/clusters", "{\"name\":\"bystander\",\"replicas\":3}").status()).isEqualTo(201);

        Poll.until("bystander Running", DEADLINE, () -> "Running".equals(api.phase("bystander")));
        Poll.until("blocked marked as failing", DEADLINE, () -> reconciled(api.cluster("blocked")).equals("Error"));
        assertThat(api.cluster("blocked").path("status").path("message").asString()).contains("blocked");
        assertThat(api.events("blocked")).anyMatch(event -> event.startsWith("ReconcileFailed: "));
        assertThat(api.get("/actuator/prometheus").raw().body()).containsPattern("etcdpanel_reconcile_errors_total\\{cluster=\"blocked\"} [1-9]");

        Files.delete(obstacle);
        Poll.until("blocked Running once the obstacle is gone", DEADLINE, () -> "Running".equals(api.phase("blocked")));
        assertThat(reconciled(api.cluster("blocked"))).isEqualTo("Converged");
    }

    private static String reconciled(JsonNode cluster) {
        for (JsonNode condition : cluster.path("status").path("conditions")) {
            if (condition.path("type").asString().equals("Reconciled")) {
                return condition.path("reason").asString();
            }
        }
        return "";
    }
}
