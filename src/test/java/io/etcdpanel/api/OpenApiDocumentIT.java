package io.etcdpanel.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import io.etcdpanel.support.PanelApi;
import io.etcdpanel.support.RunningPanel;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The OpenAPI document the panel serves: complete enough for people (summaries, problems, constraints, sign-in) and
 * for tools (stable operation ids; Redocly's strict rules pass; the committed copy the generated client is built from
 * is this very document).
 */
class OpenApiDocumentIT extends RunningPanel {

    private static final Path COMMITTED = Path.of("docs/openapi.json");
    private static final Path SERVED = Path.of("target/openapi/openapi.json");
    private static final Path LINT = Path.of("tools/openapi-lint");
    private static final Set<String> METHODS = Set.of("get", "put", "post", "patch", "delete");

    private JsonNode document() {
        PanelApi.Answer answer = api.anonymous().get("/v3/api-docs");
        assertThat(answer.status()).isEqualTo(200);
        return answer.json();
    }

    @Test
    void isOpenApi31WithATitleAVersionAndBothWaysToSignIn() {
        JsonNode doc = document();

        assertThat(doc.path("openapi").asString()).startsWith("3.1");
        assertThat(doc.path("info").path("title").asString()).isEqualTo("etcd-panel REST API");
        assertThat(doc.path("info").path("version").asString()).isEqualTo("1");
        assertThat(doc.path("info").path("description").asString()).contains("RFC 9457");
        JsonNode schemes = doc.path("components").path("securitySchemes");
        assertThat(schemes.path("basic").path("scheme").asString()).isEqualTo("basic");
        assertThat(schemes.path("bearer").path("scheme").asString()).isEqualTo("bearer");
        List<String> required = new ArrayList<>();
        doc.path("security").forEach(requirement -> requirement.propertyNames().forEach(required::add));
        assertThat(required).containsExactlyInAnyOrder("basic", "bearer");
    }

    @Test
    void everyOperationHasAStableIdASummaryATagAndItsProblems() {
        JsonNode doc = document();
        Set<String> ids = new HashSet<>();
        doc.path("paths").properties().forEach(path -> path.getValue().properties().stream()
                .filter(operation -> METHODS.contains(operation.getKey()))
                .forEach(operation -> {
                    JsonNode op = operation.getValue();
                    String where = operation.getKey() + " " + path.getKey();
                    String id = op.path("operationId").asString();
                    assertThat(id).as(where).matches("[a-z][A-Za-z]+").doesNotContain("_");
                    assertThat(ids.add(id)).as("operation id %s of %s is unique", id, where).isTrue();
                    assertThat(op.path("summary").asString()).as(where).isNotBlank();
                    assertThat(op.path("tags")).as(where).hasSize(1);
                    JsonNode unauthorized = op.path("responses").path("401").path("content").path("application/problem+json");
                    assertThat(unauthorized.path("schema").path("$ref").asString()).as(where)
                            .isEqualTo("#/components/schemas/Problem");
                    assertThat(op.path("responses").path("403").isMissingNode()).as(where).isFalse();
                }));
        assertThat(ids).contains("createCluster", "listClusters", "patchCluster", "deleteCluster", "startRestore",
                "getRestore", "backUpNow", "importSnapshot", "downloadSnapshot", "putBackupSchedule", "createToken");
        JsonNode create = doc.path("paths").path("/api/v1/clusters").path("post").path("responses");
        assertThat(create.properties()).extracting(java.util.Map.Entry::getKey).contains("201", "400", "401", "403", "409", "413", "415");
    }

    @Test
    void requestSchemasCarryTheirConstraints() {
        JsonNode schemas = document().path("components").path("schemas");

        JsonNode cluster = schemas.path("ClusterRequest");
        assertThat(cluster.path("required")).extracting(JsonNode::asString).containsExactly("name");
        assertThat(cluster.path("properties").path("name").path("pattern").asString()).isEqualTo("^[a-z0-9]([-a-z0-9]*[a-z0-9])?$");
        assertThat(cluster.path("properties").path("name").path("maxLength").asInt()).isEqualTo(40);
        assertThat(cluster.path("properties").path("replicas").path("minimum").asInt()).isEqualTo(1);
        assertThat(cluster.path("properties").path("replicas").path("maximum").asInt()).isEqualTo(9);
        assertThat(schemas.path("RestoreRequest").path("properties").path("mode").path("enum"))
                .extracting(JsonNode::asString).containsExactlyInAnyOrder("in-place", "new-cluster");
        assertThat(schemas.path("Problem").path("required")).extracting(JsonNode::asString)
                .containsExactlyInAnyOrder("type", "title", "status");
    }

    @Test
    void passesRedoclysStrictRulesAndIsTheCommittedCopy() throws Exception {
        JsonNode doc = document();
        Files.createDirectories(SERVED.getParent());
        String pretty = JsonMapper.builder().build().writerWithDefaultPrettyPrinter().writeValueAsString(doc) + "\n";
        Files.writeString(SERVED, pretty);

        Lint lint = lint(SERVED);
        assertThat(lint.exitCode()).as("redocly lint:\n%s", lint.output()).isZero();

        assertThat(Files.exists(COMMITTED)).as("docs/openapi.json is missing: copy %s there", SERVED).isTrue();
        JsonNode committed = JsonMapper.builder().build().readTree(Files.readString(COMMITTED));
        assertThat(committed).as("docs/openapi.json (the generated client's source) differs from what the panel serves:"
                + " copy %s to docs/openapi.json", SERVED).isEqualTo(doc);
    }

    private record Lint(int exitCode, String output) {
    }

    /** Runs Redocly (installed by bin/test: npm ci in tools/openapi-lint) with a deadline; its output goes to a file. */
    private static Lint lint(Path document) throws IOException, InterruptedException {
        Path redocly = LINT.resolve("node_modules/.bin/redocly");
        assertThat(Files.isExecutable(redocly)).as("Redocly is not installed: run npm ci --prefix tools/openapi-lint"
                + " (bin/test does)").isTrue();
        Path output = Files.createTempFile("redocly-", ".log");
        Process process = new ProcessBuilder(redocly.toAbsolutePath().toString(), "lint", "--format=stylish",
                "--config=" + LINT.resolve("redocly.yaml").toAbsolutePath(), document.toAbsolutePath().toString())
                .redirectErrorStream(true).redirectOutput(output.toFile()).start();
        if (!process.waitFor(120, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new AssertionError("redocly lint did not end within 120 s");
        }
        return new Lint(process.exitValue(), Files.readString(output, StandardCharsets.UTF_8));
    }
}
