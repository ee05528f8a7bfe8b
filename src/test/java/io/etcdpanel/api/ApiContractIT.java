package io.etcdpanel.api;

import static io.etcdpanel.api.ProblemAssertions.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;

import io.etcdpanel.support.HostReleases;
import io.etcdpanel.support.PanelApi;
import io.etcdpanel.support.Poll;
import io.etcdpanel.support.RunningPanel;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import tools.jackson.databind.JsonNode;

/** The REST contract of shared/docs/api.md: problem bodies for every error, nothing written on any error. */
class ApiContractIT extends RunningPanel {

    @ParameterizedTest(name = "{0} → 400 on {1}")
    @CsvSource(delimiter = '|', value = {
            "{\"replicas\":3}                                              | name",
            "{\"name\":\"\"}                                               | name",
            "{\"name\":\"a23456789012345678901234567890123456789012\"}     | name",
            "{\"name\":\"Bad_Name\"}                                       | name",
            "{\"name\":\"-lead\"}                                          | name",
            "{\"name\":\"new\"}                                            | name",
            "{\"name\":\"ok\",\"replicas\":0}                              | replicas",
            "{\"name\":\"ok\",\"replicas\":4}                              | replicas",
            "{\"name\":\"ok\",\"replicas\":11}                             | replicas",
            "{\"name\":\"ok\",\"replicas\":\"three\"}                      | replicas",
            "{\"name\":\"ok\",\"version\":\"9.9.9\"}                       | version",
            "{\"name\":\"ok\",\"runtime\":\"nope\"}                        | runtime",
            "{\"name\":\"ok\",\"runtime\":\"kubernetes\"}                  | runtime",
            "{\"name\":\"ok\",\"namespace\":\"Not_A_Namespace\"}           | namespace",
            "{\"name\":\"ok\",\"quotaBackendBytes\":-1}                    | quotaBackendBytes",
            "{\"name\":\"ok\",\"storage\":{\"size\":\"lots\"}}             | storage.size",
            "{\"name\":\"ok\",\"resources\":{\"cpu\":\"fast\"}}            | resources.cpu"})
    void everyInvalidFieldIsRefusedWithItsOwnErrorAndNothingIsCreated(String body, String field) {
        PanelApi.Answer answer = api.post("/api/v1/clusters", body);

        assertThat(answer.status()).isEqualTo(400);
        assertProblem(answer, 400);
        List<String> fields = new ArrayList<>();
        answer.json().path("errors").forEach(error -> {
            fields.add(error.path("field").asString());
            assertThat(error.path("message").asString()).isNotBlank();
        });
        assertThat(fields).containsExactly(field);
        assertThat(api.get("/api/v1/clusters").json()).isEmpty();
        assertThat(DATA_DIR.resolve("local/ok")).doesNotExist();
    }

    @Test
    void severalBadFieldsGiveOneErrorEach() {
        PanelApi.Answer answer = api.post("/api/v1/clusters", "{\"name\":\"Bad!\",\"replicas\":2,\"runtime\":\"nope\"}");
        assertThat(answer.status()).isEqualTo(400);
        List<String> fields = new ArrayList<>();
        answer.json().path("errors").forEach(error -> fields.add(error.path("field").asString()));
        assertThat(fields).containsExactlyInAnyOrder("name", "replicas", "runtime");
    }

    @Test
    void malformedJsonIsAProblemToo() {
        PanelApi.Answer answer = api.post("/api/v1/clusters", "{\"name\": ");
        assertProblem(answer, 400);
    }

    @Test
    void unknownClustersAreNotFoundProblems() {
        assertProblem(api.get("/api/v1/clusters/nosuch"), 404);
        assertProblem(api.patch("/api/v1/clusters/nosuch", "{\"replicas\":3}"), 404);
        assertProblem(api.delete("/api/v1/clusters/nosuch"), 404);
        assertProblem(api.get("/api/v1/clusters/nosuch/members"), 404);
        assertProblem(api.get("/api/v1/clusters/nosuch/events"), 404);
    }

    @Test
    void runtimesSayWhatTheyCanRun() {
        JsonNode runtimes = api.get("/api/v1/runtimes").json();
        JsonNode local = runtimes.get(0);
        assertThat(local.path("name").asString()).isEqualTo("local");
        assertThat(local.path("available").asBoolean()).isTrue();
        assertThat(local.path("versions")).extracting(JsonNode::asString).containsAll(HostReleases.SUPPORTED);
        assertThat(local.path("defaultVersion").asString()).isEqualTo(HostReleases.DEFAULT);
        // Debian's 3.4.23, where installed, is offered but marked
        assertThat(local.path("outOfSupport")).extracting(JsonNode::asString)
                .isSubsetOf("3.4.23").doesNotContainAnyElementsOf(HostReleases.SUPPORTED);
        assertThat(runtimes.get(1).path("name").asString()).isEqualTo("kubernetes");
        assertThat(runtimes.get(1).path("available").asBoolean()).isFalse();
        assertThat(runtimes.get(1).path("message").asString()).isNotBlank();
    }

    @Test
    void aTakenNameIsAConflictAndABadPatchChangesNothing() {
        PanelApi.Answer created = api.post("/api/v1/clusters", "{\"name\":\"single\",\"replicas\":1}");
        assertThat(created.status()).isEqualTo(201);
        assertThat(created.json().path("generation").asLong()).isEqualTo(1);
        assertThat(created.json().has("backupSchedule")).isTrue();
        try {
            assertProblem(api.post("/api/v1/clusters", "{\"name\":\"single\",\"replicas\":3}"), 409);

            PanelApi.Answer evenCount = api.patch("/api/v1/clusters/single", "{\"replicas\":2}");
            assertProblem(evenCount, 400);
            PanelApi.Answer versionChange = api.patch("/api/v1/clusters/single", "{\"version\":\"3.5.0\"}");
            assertProblem(versionChange, 400);
            assertThat(versionChange.json().path("errors").get(0).path("field").asString()).isEqualTo("version");
            assertThat(api.cluster("single").path("generation").asLong()).isEqualTo(1);
            assertThat(api.cluster("single").path("replicas").asInt()).isEqualTo(1);

            Poll.until("single Running", DEADLINE, () -> "Running".equals(api.phase("single")));
            String metrics = api.get("/actuator/prometheus").raw().body();
            assertThat(metrics).contains("etcdpanel_cluster_has_leader{cluster=\"single\"} 1.0")
                    .contains("etcdpanel_cluster_members{cluster=\"single\",state=\"ready\"} 1.0")
                    .contains("etcdpanel_member_db_size_bytes{cluster=\"single\",member=\"single-0\"}")
                    .contains("etcdpanel_cluster_leader_changes_total{cluster=\"single\"} 1.0")
                    .contains("etcdpanel_reconcile_errors_total{cluster=\"single\"} 0.0")
                    .contains("etcdpanel_reconcile_seconds_count");
            assertThat(api.get("/api/v1/clusters/single/members/single-0/log").raw().body()).contains("single-0");
            assertProblem(api.get("/api/v1/clusters/single/members/single-9/log"), 404);
        } finally {
            assertThat(api.delete("/api/v1/clusters/single").status()).isEqualTo(202);
            Poll.until("single gone", DEADLINE, () -> api.get("/api/v1/clusters/single").status() == 404);
        }
    }

    @Test
    void onTheLocalRuntimeABiggerSizeIsStoredAndASmallerOneRefused() {
        assertThat(api.post("/api/v1/clusters", "{\"name\":\"sized\",\"replicas\":1,\"storage\":{\"size\":\"1Gi\"}}").status())
                .isEqualTo(201);
        try {
            PanelApi.Answer grown = api.patch("/api/v1/clusters/sized", "{\"storage\":{\"size\":\"2Gi\"}}");
            PanelApi.Answer shrunk = api.patch("/api/v1/clusters/sized", "{\"storage\":{\"size\":\"1Gi\"}}");

            assertThat(grown.status()).as(grown.raw().body()).isEqualTo(200);
            assertThat(grown.json().path("storage").path("size").asString()).isEqualTo("2Gi");
            assertThat(grown.json().path("generation").asLong()).isEqualTo(2);
            assertProblem(shrunk, 400);
            assertThat(shrunk.json().path("errors").get(0).path("field").asString()).isEqualTo("storage.size");
            assertThat(api.cluster("sized").path("storage").path("size").asString()).isEqualTo("2Gi");
            assertThat(api.events("sized")).contains("VolumeGrowthRequested: asked to grow each member's volume from 1Gi to 2Gi");
        } finally {
            assertThat(api.delete("/api/v1/clusters/sized").status()).isEqualTo(202);
            Poll.until("sized gone", DEADLINE, () -> api.get("/api/v1/clusters/sized").status() == 404);
        }
    }

    @ParameterizedTest(name = "keepVolumes={0} → 400, nothing changes")
    @CsvSource({"yes", "1", "TRUE", "''"})
    void aDeletionWithAKeepVolumesThatIsNeitherTrueNorFalseIsRefusedAndChangesNothing(String value) {
        assertThat(api.post("/api/v1/clusters", "{\"name\":\"undecided\",\"replicas\":1}").status()).isEqualTo(201);
        try {
            PanelApi.Answer answer = api.delete("/api/v1/clusters/undecided?keepVolumes=" + value);

            assertProblem(answer, 400);
            assertThat(answer.json().path("errors").get(0).path("field").asString()).isEqualTo("keepVolumes");
            assertThat(answer.json().path("errors").get(0).path("message").asString()).contains("true or false");
            assertThat(api.phase("undecided")).isNotEqualTo("Deleting");
            assertThat(api.eventReasons("undecided")).doesNotContain("DeletionRequested");
        } finally {
            assertThat(api.delete("/api/v1/clusters/undecided?keepVolumes=false").status()).isEqualTo(202);
            Poll.until("undecided gone", DEADLINE, () -> api.get("/api/v1/clusters/undecided").status() == 404);
        }
    }

    @Test
    void theOpenApiDocumentDescribesKeepVolumes() {
        JsonNode parameters = api.get("/v3/api-docs").json().path("paths").path("/api/v1/clusters/{name}").path("delete").path("parameters");
        List<JsonNode> keepVolumes = new ArrayList<>();
        parameters.forEach(parameter -> {
            if ("keepVolumes".equals(parameter.path("name").asString())) {
                keepVolumes.add(parameter);
            }
        });
        assertThat(keepVolumes).singleElement().satisfies(parameter -> {
            assertThat(parameter.path("in").asString()).isEqualTo("query");
            assertThat(parameter.path("schema").path("type").asString()).isEqualTo("boolean");
            assertThat(parameter.path("description").asString()).contains("PersistentVolumeClaims").contains("kept");
        });
    }

    @Test
    void theOpenApiDocumentDescribesEveryPathOfTheContract() {
        JsonNode paths = api.get("/v3/api-docs").json().path("paths");
        assertThat(paths.propertyNames()).contains("/api/v1/clusters", "/api/v1/clusters/{name}", "/api/v1/clusters/{name}/members",
                "/api/v1/runtimes", "/api/v1/clusters/{name}/events", "/api/v1/clusters/{name}/snapshots", "/api/v1/snapshots/{id}",
                "/api/v1/snapshots/{id}/content", "/api/v1/clusters/{name}/snapshots/import", "/api/v1/clusters/{name}/backup-schedule",
                "/api/v1/clusters/{name}/restores", "/api/v1/restores/{id}");
    }

    @Test
    void restoresOfUnknownThingsAreProblems() {
        assertProblem(api.get("/api/v1/restores/no-such-restore"), 404);
        assertProblem(api.get("/api/v1/clusters/no-such-cluster/restores"), 404);
        assertProblem(api.post("/api/v1/clusters/no-such-cluster/restores", "{\"snapshotId\":\"x\",\"mode\":\"in-place\"}"), 404);
    }

    @Test
    void livenessCallsNothingExternalAndReadinessIncludesTheDatabase() {
        PanelApi.Answer liveness = api.get("/actuator/health/liveness");
        assertThat(liveness.status()).isEqualTo(200);
        assertThat(liveness.json().path("components").has("db")).isFalse();
        PanelApi.Answer readiness = api.get("/actuator/health/readiness");
        assertThat(readiness.status()).isEqualTo(200);
        assertThat(readiness.json().path("components").path("db").path("status").asString()).isEqualTo("UP");
    }
}
