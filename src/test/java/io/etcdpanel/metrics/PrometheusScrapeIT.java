package io.etcdpanel.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import io.etcdpanel.support.EtcdReaper;
import io.etcdpanel.support.PanelApi;
import io.etcdpanel.support.Poll;
import io.etcdpanel.support.Promtool;
import io.etcdpanel.support.RunningPanel;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * A scrape of the real panel, with a real cluster, a schedule, a good and a failed backup and a restore behind its meters,
 * passes {@code promtool check metrics} and has exactly the etcd-panel metrics that alerts and the dashboard may use.
 */
class PrometheusScrapeIT extends RunningPanel {

    @Test
    void aScrapeWithEveryMeterPassesPromtoolAndHasExactlyTheSharedNames() throws Exception {
        assertThat(api.post("/api/v1/clusters", "{\"name\":\"scraped\",\"replicas\":1}").status()).isEqualTo(201);
        Poll.until("scraped Running", DEADLINE, () -> "Running".equals(api.phase("scraped")));
        assertThat(api.put("/api/v1/clusters/scraped/backup-schedule",
                "{\"cron\":\"0 3 * * *\",\"timeZone\":\"UTC\",\"keepLast\":3}").status()).isEqualTo(200);
        JsonNode snapshot = api.backUp("scraped", Duration.ofMinutes(2));
        List<ProcessHandle> member = EtcdReaper.processesUnder(DATA_DIR.resolve("local/scraped"));
        EtcdReaper.signal("STOP", member);
        try {
            api.failingBackUp("scraped", DEADLINE);
        } finally {
            EtcdReaper.signal("CONT", member);
        }
        PanelApi.Answer restore = api.post("/api/v1/clusters/scraped/restores",
                "{\"snapshotId\":\"" + snapshot.path("id").asString() + "\",\"mode\":\"in-place\"}");
        assertThat(restore.status()).as(restore.raw().body()).isEqualTo(202);
        api.awaitRestore(restore.json().path("id").asString(), DEADLINE);

        String scrape = Poll.untilValue("a scrape with the backup, schedule and desired-state meters of scraped", DEADLINE, () -> {
            String body = api.get("/actuator/prometheus").raw().body();
            return body.contains("etcdpanel_backup_schedule_period_seconds{cluster=\"scraped\"} 86400")
                    && body.contains("etcdpanel_backup_last_success_timestamp_seconds{cluster=\"scraped\"}")
                    && body.contains("etcdpanel_member_alarm{alarm=\"NOSPACE\",cluster=\"scraped\",member=\"scraped-0\"} 0")
                    && body.contains("etcdpanel_cluster_desired_members{cluster=\"scraped\"} 1")
                    && body.contains("etcdpanel_cluster_has_leader{cluster=\"scraped\"} 1") ? body : null;
        });

        Promtool.Result lint = Promtool.run(Path.of("."), scrape, "check", "metrics");
        assertThat(lint.passed()).as("promtool check metrics said:\n%s", lint.output()).isTrue();
        assertThat(PanelMetricNames.sampledIn(scrape)).containsExactlyInAnyOrderElementsOf(PanelMetricNames.ALL);
    }
}
