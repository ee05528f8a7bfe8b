package io.etcdpanel.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * The alerts and the Grafana dashboard ask only for metrics the panel exposes (the names PrometheusScrapeIT finds
 * in a real scrape), and the dashboard shows every one of them: neither can drift from the code unnoticed.
 */
class AlertAndDashboardMetricsTest {

    @Test
    void everyDashboardQueryAsksOnlyForMetricsThePanelExposes() {
        assertThat(DashboardQueries.queries()).isNotEmpty().allSatisfy(query -> {
            assertThat(query.expr()).as("a query of panel \"%s\"", query.panel()).isNotBlank();
            assertThat(PanelMetricNames.mentionedIn(query.expr())).as("metrics in panel \"%s\": %s", query.panel(), query.expr())
                    .isNotEmpty().isSubsetOf(PanelMetricNames.ALL);
        });
    }

    @Test
    void theDashboardShowsEveryMetricFamilyThePanelExposes() {
        Set<String> shown = DashboardQueries.queries().stream().flatMap(query -> PanelMetricNames.mentionedIn(query.expr()).stream())
                .map(AlertAndDashboardMetricsTest::family).collect(Collectors.toSet());
        Set<String> exposed = PanelMetricNames.ALL.stream().map(AlertAndDashboardMetricsTest::family).collect(Collectors.toSet());
        assertThat(shown).containsAll(exposed);
    }

    @Test
    void theDashboardImportsWithAPrometheusDataSourceInput() {
        JsonNode dashboard = DashboardQueries.dashboard();
        assertThat(dashboard.path("schemaVersion").asInt()).isGreaterThanOrEqualTo(39);
        assertThat(dashboard.path("__inputs").get(0).path("name").asString()).isEqualTo("DS_PROMETHEUS");
        assertThat(dashboard.path("panels").findValues("datasource")).allSatisfy(
                source -> assertThat(source.path("uid").asString()).isEqualTo("${DS_PROMETHEUS}"));
    }

    @Test
    void everyAlertAsksOnlyForMetricsThePanelExposes() throws Exception {
        String rules = Files.readString(PrometheusRulesIT.RULES_DIR.resolve("alerts.yml"));
        assertThat(PanelMetricNames.mentionedIn(rules)).isNotEmpty().isSubsetOf(PanelMetricNames.ALL);
    }

    @Test
    void everyAlertHasAUnitTest() throws Exception {
        Path dir = PrometheusRulesIT.RULES_DIR;
        Set<String> alerts = Files.readString(dir.resolve("alerts.yml")).lines().map(String::trim)
                .filter(line -> line.startsWith("- alert: ")).map(line -> line.substring("- alert: ".length())).collect(Collectors.toSet());
        Set<String> tested = Files.readString(dir.resolve("alerts.test.yml")).lines().map(String::trim)
                .filter(line -> line.startsWith("alertname: ")).map(line -> line.substring("alertname: ".length())).collect(Collectors.toSet());
        assertThat(alerts).hasSize(10);
        assertThat(tested).containsExactlyInAnyOrderElementsOf(alerts);
    }

    /** A timer's samples (_count, _sum, _max) belong to one family. */
    private static String family(String sample) {
        return sample.replaceFirst("_(count|sum|max)$", "");
    }
}
