package io.etcdpanel.backup;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;

import io.etcdpanel.support.PanelApi;
import io.etcdpanel.support.Poll;
import io.etcdpanel.support.RunningPanel;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** A seconds-level schedule fires, retention keeps keepLast scheduled snapshots and never a manual one; bad schedules are refused. */
class ScheduledBackupIT extends RunningPanel {

    @Test
    void aSecondsCronFiresAndRetentionKeepsTheLastTwoScheduledSnapshots() {
        assertThat(api.post("/api/v1/clusters", "{\"name\":\"timed\",\"replicas\":1}").status()).isEqualTo(201);
        Poll.until("timed Running", DEADLINE, () -> "Running".equals(api.phase("timed")));
        assertThat(api.get("/api/v1/clusters/timed/backup-schedule").status()).isEqualTo(404);
        String manual = api.post("/api/v1/clusters/timed/snapshots", "").json().path("id").asString();
        Poll.until("the manual backup done", DEADLINE,
                () -> "Succeeded".equals(api.get("/api/v1/snapshots/" + manual).json().path("status").asString()));

        PanelApi.Answer put = api.put("/api/v1/clusters/timed/backup-schedule",
                "{\"cron\":\"*/3 * * * * *\",\"timeZone\":\"UTC\",\"keepLast\":2,\"maxAge\":\"P7D\"}");
        assertThat(put.status()).isEqualTo(200);
        assertThat(put.json().path("enabled").asBoolean()).isTrue();
        assertThat(put.json().path("nextRunAt").asString()).isNotBlank();

        Poll.until("three scheduled backups taken", java.time.Duration.ofSeconds(90), () -> api.events("timed").stream()
                .filter(event -> event.startsWith("SnapshotTaken: ")).count() >= 4);
        Poll.until("retention down to two scheduled snapshots", DEADLINE, () -> scheduled().size() == 2);
        assertThat(api.get("/api/v1/snapshots/" + manual).status()).as("a manual snapshot is kept").isEqualTo(200);
        assertThat(api.events("timed")).anyMatch(event -> event.startsWith("SnapshotDeleted: "));
        JsonNode schedule = api.get("/api/v1/clusters/timed/backup-schedule").json();
        assertThat(schedule.path("lastRunAt").asString()).isNotBlank();
        assertThat(api.cluster("timed").path("backupSchedule").path("cron").asString()).isEqualTo("*/3 * * * * *");
        Poll.until("BackupHealthy True", DEADLINE, () -> condition(api.cluster("timed"), "BackupHealthy").equals("True/RecentBackup"));

        assertThat(api.delete("/api/v1/clusters/timed/backup-schedule").status()).isEqualTo(204);
        assertThat(api.get("/api/v1/clusters/timed/backup-schedule").status()).isEqualTo(404);
        Poll.until("BackupHealthy Unknown without a schedule", DEADLINE,
                () -> condition(api.cluster("timed"), "BackupHealthy").equals("Unknown/NoSchedule"));
    }

    @Test
    void aBadScheduleIsRefusedFieldByFieldAndNothingIsSaved() {
        assertThat(api.post("/api/v1/clusters", "{\"name\":\"badly\",\"replicas\":1}").status()).isEqualTo(201);
        PanelApi.Answer refused = api.put("/api/v1/clusters/badly/backup-schedule",
                "{\"cron\":\"* * *\",\"timeZone\":\"Mars/Olympus\",\"keepLast\":0,\"maxAge\":\"a week\"}");
        assertThat(refused.status()).isEqualTo(400);
        List<String> fields = new ArrayList<>();
        refused.json().path("errors").forEach(error -> fields.add(error.path("field").asString()));
        assertThat(fields).containsExactlyInAnyOrder("timeZone", "keepLast", "maxAge");
        PanelApi.Answer badCron = api.put("/api/v1/clusters/badly/backup-schedule", "{\"cron\":\"61 * * * *\"}");
        assertThat(badCron.status()).isEqualTo(400);
        assertThat(badCron.json().path("errors").get(0).path("field").asString()).isEqualTo("cron");
        assertThat(api.get("/api/v1/clusters/badly/backup-schedule").status()).isEqualTo(404);
        assertThat(api.get("/api/v1/clusters/badly/backup-schedule/preview?cron=0+2+*+*+*&timeZone=UTC").json()).hasSize(5);
    }

    private static String condition(JsonNode cluster, String type) {
        for (JsonNode condition : cluster.path("status").path("conditions")) {
            if (condition.path("type").asString().equals(type)) {
                return condition.path("status").asString() + "/" + condition.path("reason").asString();
            }
        }
        return "";
    }

    private List<JsonNode> scheduled() {
        List<JsonNode> snapshots = new ArrayList<>();
        api.get("/api/v1/clusters/timed/snapshots").json().forEach(snapshot -> {
            if ("schedule".equals(snapshot.path("trigger").asString()) && "Succeeded".equals(snapshot.path("status").asString())) {
                snapshots.add(snapshot);
            }
        });
        return snapshots;
    }
}
