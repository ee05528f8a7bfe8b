package io.etcdpanel.api;

import static io.etcdpanel.api.ProblemAssertions.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.net.http.HttpRequest.BodyPublisher;
import java.net.http.HttpRequest.BodyPublishers;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import io.etcdpanel.support.PanelApi;
import io.etcdpanel.support.RunningPanel;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import tools.jackson.databind.JsonNode;

/**
 * Every bad input to the REST API gets its own RFC 9457 problem, naming the field or parameter and saying what to send,
 * and changes nothing: clusters, schedules, users and tokens are as they were.
 */
class StrictInputIT extends RunningPanel {

    private static final String CLUSTER = "strict";
    private static final String JSON = "application/json";

    @ParameterizedTest(name = "{0} {1} {2} → 400 on {3}")
    @CsvSource(delimiter = '|', value = {
            "POST  | /api/v1/clusters                          | {\"name\":\"colourful\",\"replicas\":1,\"colour\":\"blue\",\"storage\":{\"size\":\"1Gi\",\"speed\":\"fast\"}} | colour,storage.speed",
            "PUT   | /api/v1/clusters/strict/backup-schedule   | {\"cron\":\"*/15 * * * *\",\"retain\":3}                                     | retain",
            "POST  | /api/v1/clusters/strict/restores          | {\"snapshotId\":\"x\",\"mode\":\"in-place\",\"force\":true}                   | force",
            "POST  | /api/v1/users                             | {\"username\":\"eve\",\"password\":\"a-long-password\",\"role\":\"VIEWER\",\"admin\":true} | admin",
            "PATCH | /api/v1/users/admin                       | {\"role\":\"ADMIN\",\"colour\":\"red\"}                                    | colour",
            "POST  | /api/v1/tokens                            | {\"name\":\"ci\",\"role\":\"VIEWER\",\"expiresAt\":\"2030-01-01T00:00:00Z\",\"scope\":\"all\"} | scope",
            "PATCH | /api/v1/clusters/strict                   | {\"replicas\":3,\"colour\":\"blue\"}                                         | colour"})
    void unknownFieldsAreRefusedEachNamedAndNothingChanges(String method, String path, String body, String fields) {
        existingCluster();
        Catalogue before = catalogue();

        PanelApi.Answer answer = api.request(method, path, BodyPublishers.ofString(body), "Content-Type", contentType(method));

        assertProblem(answer, 400);
        assertThat(errorFields(answer)).containsExactlyInAnyOrder(fields.split(","));
        assertThat(catalogue()).isEqualTo(before);
    }

    @ParameterizedTest(name = "{0} {1} → 400 on {2}")
    @CsvSource(delimiter = '|', value = {
            "/api/v1/clusters                        | {\"name\":\"typed\",\"replicas\":3.5}                       | replicas | whole number",
            "/api/v1/clusters                        | {\"name\":\"typed\",\"replicas\":\"three\"}                 | replicas | whole number",
            "/api/v1/clusters                        | {\"name\":\"typed\",\"replicas\":\"3\"}                     | replicas | whole number",
            "/api/v1/clusters                        | {\"name\":\"typed\",\"replicas\":99999999999}               | replicas | whole number",
            "/api/v1/clusters                        | {\"name\":5}                                                | name     | string",
            "/api/v1/clusters                        | {\"name\":\"typed\",\"quotaBackendBytes\":1.5}              | quotaBackendBytes | whole number",
            "/api/v1/clusters                        | {\"name\":\"typed\",\"storage\":\"big\"}                    | storage  | JSON object",
            "/api/v1/clusters/strict/backup-schedule | {\"cron\":\"*/15 * * * *\",\"enabled\":\"yes\"}             | enabled  | true or false",
            "/api/v1/clusters/strict/backup-schedule | {\"cron\":\"*/15 * * * *\",\"keepLast\":2.5}                | keepLast | whole number"})
    void wrongJsonTypesAreRefusedOnTheirFieldAndNothingChanges(String path, String body, String field, String expected) {
        existingCluster();
        Catalogue before = catalogue();

        PanelApi.Answer answer = path.endsWith("backup-schedule") ? api.put(path, body) : api.post(path, body);

        assertProblem(answer, 400);
        assertThat(errorFields(answer)).containsExactly(field);
        assertThat(answer.json().path("errors").get(0).path("message").asString()).contains(expected);
        assertThat(catalogue()).isEqualTo(before);
    }

    @ParameterizedTest(name = "{0} → 400 malformed")
    @CsvSource(delimiter = '|', value = {"{\"name\": ", "[1,2]", "\"orders\"", "''"})
    void bodiesThatAreNoJsonObjectAreMalformedProblems(String body) {
        Catalogue before = catalogue();

        PanelApi.Answer answer = api.post("/api/v1/clusters", body);

        assertProblem(answer, 400);
        assertThat(answer.json().path("detail").asString()).contains("JSON object");
        assertThat(catalogue()).isEqualTo(before);
    }

    @Test
    void aJsonBodyOverOneMebibyteIsRefusedWith413WhetherItsLengthIsDeclaredOrNot() {
        Catalogue before = catalogue();
        byte[] big = ("{\"name\":\"big\",\"namespace\":\"" + "x".repeat(StrictBodies.LIMIT) + "\"}").getBytes(StandardCharsets.UTF_8);

        PanelApi.Answer declared = api.request("POST", "/api/v1/clusters", BodyPublishers.ofByteArray(big), "Content-Type", JSON);
        PanelApi.Answer chunked = api.request("POST", "/api/v1/clusters",
                BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(big)), "Content-Type", JSON);

        assertProblem(declared, 413);
        assertProblem(chunked, 413);
        assertThat(declared.json().path("detail").asString()).contains("1 MiB");
        assertThat(catalogue()).isEqualTo(before);
    }

    @Test
    void aSnapshotImportIsNotHeldToTheJsonLimit() {
        existingCluster();
        byte[] twoMebibytes = new byte[2 * StrictBodies.LIMIT];

        PanelApi.Answer answer = api.postBytes("/api/v1/clusters/" + CLUSTER + "/snapshots/import", twoMebibytes);

        assertProblem(answer, 422);
        assertThat(api.get("/api/v1/clusters/" + CLUSTER + "/snapshots").json()).isEmpty();
    }

    @Test
    void aHugeValueIsEchoedBackCutShort() {
        String huge = "r".repeat(500_000);

        PanelApi.Answer badValue = api.post("/api/v1/clusters", "{\"name\":\"echo\",\"runtime\":\"" + huge + "\"}");
        // Jackson reads no field name over 50,000 characters
        PanelApi.Answer badField = api.post("/api/v1/clusters", "{\"name\":\"echo\",\"" + huge.substring(0, 40_000) + "\":1}");

        for (PanelApi.Answer answer : List.of(badValue, badField)) {
            assertProblem(answer, 400);
            assertThat(answer.raw().body().length()).isLessThan(4000);
            assertThat(answer.raw().body()).contains("r".repeat(Echoes.MAX_RUN) + "…");
        }
        assertThat(errorFields(badValue)).containsExactly("runtime");
        assertThat(api.get("/api/v1/clusters").json()).noneMatch(cluster -> "echo".equals(cluster.path("name").asString()));
    }

    @ParameterizedTest(name = "{0} {1} → 404")
    @CsvSource({"GET, /api/v1/snapshots/", "GET, /api/v1/nothing-here", "GET, /api/v1/clusters/strict/nothing/here"})
    void pathsNothingAnswersAreNotFoundProblemsPointingAtTheApiDocument(String method, String path) {
        PanelApi.Answer answer = api.request(method, path, BodyPublishers.noBody());

        assertProblem(answer, 404);
        assertThat(answer.json().path("detail").asString()).contains(path).contains("/v3/api-docs");
    }

    @Test
    void aMethodAPathDoesNotTakeIsA405ProblemNamingTheOnesItTakes() {
        Catalogue before = catalogue();

        PanelApi.Answer answer = api.request("PUT", "/api/v1/clusters", BodyPublishers.ofString("{}"), "Content-Type", JSON);

        assertProblem(answer, 405);
        assertThat(answer.header("Allow")).contains("GET").contains("POST");
        assertThat(answer.json().path("detail").asString()).contains("GET").contains("POST");
        assertThat(catalogue()).isEqualTo(before);
    }

    @ParameterizedTest(name = "{0} with Accept {1} → 406 naming {2}")
    @CsvSource({"/api/v1/clusters, text/csv, application/json", "/api/v1/snapshots/x/content, application/json, application/octet-stream"})
    void anAcceptNothingMatchesIsA406ProblemNamingWhatTheAddressAnswers(String path, String accept, String answered) {
        PanelApi.Answer answer = api.request("GET", path, BodyPublishers.noBody(), "Accept", accept);

        assertProblem(answer, 406);
        assertThat(answer.json().path("detail").asString()).contains(answered);
    }

    @ParameterizedTest(name = "{0} as \"{1}\" → 415 naming {2}")
    @CsvSource(delimiter = '|', value = {
            "/api/v1/clusters/strict/snapshots/import | ''                                  | application/octet-stream",
            "/api/v1/clusters/strict/snapshots/import | multipart/form-data; boundary=xyz   | application/octet-stream",
            "/api/v1/clusters/strict/snapshots/import | application/json                    | application/octet-stream",
            "/api/v1/clusters                         | ''                                  | application/json",
            "/api/v1/clusters                         | text/plain                          | application/json"})
    void aBodyOfATypeTheAddressDoesNotTakeIsA415ProblemNamingTheTypeItTakes(String path, String contentType, String expected) {
        existingCluster();
        Catalogue before = catalogue();
        BodyPublisher body = BodyPublishers.ofString(contentType.startsWith("multipart")
                ? "--xyz\r\nContent-Disposition: form-data; name=\"file\"; filename=\"a.db\"\r\n\r\nbytes\r\n--xyz--\r\n"
                : "{\"name\":\"typeless\",\"replicas\":1}");

        PanelApi.Answer answer = contentType.isEmpty() ? api.request("POST", path, body)
                : api.request("POST", path, body, "Content-Type", contentType);

        assertProblem(answer, 415);
        assertThat(answer.json().path("detail").asString()).contains(expected);
        assertThat(catalogue()).isEqualTo(before);
        assertThat(api.get("/api/v1/clusters/" + CLUSTER + "/snapshots").json()).isEmpty();
    }

    @ParameterizedTest(name = "{0} → 400 on {1}")
    @CsvSource(delimiter = '|', value = {
            "/api/v1/audit?limit=abc                                 | limit | whole number",
            "/api/v1/audit?from=yesterday                            | from  | ISO-8601",
            "/api/v1/clusters/strict/members/strict-0/log?lines=many | lines | whole number",
            "/api/v1/clusters/strict/backup-schedule/preview         | cron  | required"})
    void aMissingOrIllTypedQueryParameterIsA400ProblemNamingItAndWhatIsExpected(String path, String parameter, String expected) {
        existingCluster();

        PanelApi.Answer answer = api.get(path);

        assertProblem(answer, 400);
        assertThat(errorFields(answer)).containsExactly(parameter);
        assertThat(answer.json().path("errors").get(0).path("message").asString()).contains(expected);
        assertThat(answer.json().path("detail").asString()).contains(parameter).doesNotContain("Failed to convert");
    }

    @Test
    void aDeletionWithADeleteSnapshotsThatIsNeitherTrueNorFalseIsRefusedAndChangesNothing() {
        existingCluster();

        PanelApi.Answer answer = api.delete("/api/v1/clusters/" + CLUSTER + "?deleteSnapshots=yes");

        assertProblem(answer, 400);
        assertThat(errorFields(answer)).containsExactly("deleteSnapshots");
        assertThat(api.phase(CLUSTER)).isNotEqualTo("Deleting");
        assertThat(api.eventReasons(CLUSTER)).doesNotContain("DeletionRequested");
    }

    /** What a refused request must leave as it was. */
    private record Catalogue(String clusters, String schedule, String users, String tokens) {
    }

    private Catalogue catalogue() {
        return new Catalogue(names(api.get("/api/v1/clusters").json(), "name"),
                api.get("/api/v1/clusters/" + CLUSTER + "/backup-schedule").raw().body(),
                api.get("/api/v1/users").raw().body(), api.get("/api/v1/tokens").raw().body());
    }

    private void existingCluster() {
        if (api.get("/api/v1/clusters/" + CLUSTER).status() == 404) {
            assertThat(api.post("/api/v1/clusters", "{\"name\":\"" + CLUSTER + "\",\"replicas\":1}").status()).isEqualTo(201);
        }
    }

    private static String contentType(String method) {
        return "PATCH".equals(method) ? "application/merge-patch+json" : JSON;
    }

    private static String names(JsonNode list, String field) {
        List<String> names = new ArrayList<>();
        list.forEach(item -> names.add(item.path(field).asString()));
        return String.join(",", names);
    }

    private static List<String> errorFields(PanelApi.Answer answer) {
        List<String> fields = new ArrayList<>();
        answer.json().path("errors").forEach(error -> {
            fields.add(error.path("field").asString());
            assertThat(error.path("message").asString()).isNotBlank();
        });
        return fields;
    }
}
