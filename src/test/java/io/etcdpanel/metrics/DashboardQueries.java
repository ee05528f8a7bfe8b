package io.etcdpanel.metrics;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** Reads the Grafana dashboard the repository ships and lists its panels' queries, for the tests that hold them to the code. */
final class DashboardQueries {

    static final Path DASHBOARD = Path.of("docker", "grafana", "etcd-panel-dashboard.json");

    /** One query of one panel. */
    record Query(String panel, String expr) {
    }

    private DashboardQueries() {
    }

    static JsonNode dashboard() {
        return JsonMapper.builder().build().readTree(DASHBOARD.toFile());
    }

    /** Every panel but the rows, with its queries (a panel without one is listed with a null query, so a test can see it). */
    static List<Query> queries() {
        List<Query> queries = new ArrayList<>();
        for (JsonNode panel : dashboard().path("panels")) {
            if ("row".equals(panel.path("type").asString())) {
                continue;
            }
            String title = panel.path("title").asString();
            if (panel.path("targets").isEmpty()) {
                queries.add(new Query(title, null));
            }
            panel.path("targets").forEach(target -> queries.add(new Query(title, target.path("expr").asString())));
        }
        return queries;
    }
}
