package io.etcdpanel.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import io.etcdpanel.support.Promtool;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The alerting rules are valid, every alert fires on its series and stays quiet on the others (promtool's unit tests),
 * and every query of the Grafana dashboard is valid PromQL.
 */
class PrometheusRulesIT {

    static final Path RULES_DIR = Path.of("docker", "prometheus");
    private static final JsonMapper JSON = JsonMapper.builder().build();

    @Test
    void theRulesAreValid() {
        Promtool.Result result = Promtool.run(RULES_DIR, null, "check", "rules", "alerts.yml");
        assertThat(result.passed()).as("promtool check rules alerts.yml said:\n%s", result.output()).isTrue();
    }

    @Test
    void everyAlertFiresOnItsSeriesAndNotOnTheOthers() {
        Promtool.Result result = Promtool.run(RULES_DIR, null, "test", "rules", "alerts.test.yml");
        assertThat(result.passed()).as("promtool test rules alerts.test.yml said:\n%s", result.output()).isTrue();
    }

    /** promtool parses each dashboard query as a recording rule's (with the dashboard's $cluster variable set to all). */
    @Test
    void everyDashboardQueryIsValidPromQl(@TempDir Path dir) throws IOException {
        ArrayNode rules = JSON.createArrayNode();
        List<DashboardQueries.Query> queries = DashboardQueries.queries();
        for (int i = 0; i < queries.size(); i++) {
            rules.addObject().put("record", "dashboard:query_" + i).put("expr", queries.get(i).expr().replace("$cluster", ".*"));
        }
        ObjectNode file = JSON.createObjectNode();
        file.putArray("groups").addObject().put("name", "dashboard").set("rules", rules);
        // JSON is YAML, which promtool reads
        Files.writeString(dir.resolve("dashboard.rules.yml"), JSON.writeValueAsString(file));
        Promtool.Result result = Promtool.run(dir, null, "check", "rules", "dashboard.rules.yml");
        assertThat(result.passed()).as("promtool check rules on the dashboard's queries said:\n%s", result.output()).isTrue();
    }
}
