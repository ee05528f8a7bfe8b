package io.etcdpanel.packaging;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;

/**
 * docker/compose.yaml, read as YAML (this is not {@code docker compose config}: no container engine here): the panel
 * waits for a healthy PostgreSQL, reaches it by its service name, gets every password from a secret file and never from
 * a value in the file, and each service keeps its data in a named volume.
 */
class ComposeFileTest {

    private static final Path COMPOSE = Path.of("docker/compose.yaml");

    @Test
    void thePanelWaitsForAHealthyPostgresAndGetsItsPasswordsFromSecretFiles() throws IOException {
        Map<String, Object> compose = read();
        Map<String, Object> services = map(compose, "services");
        Map<String, Object> postgres = map(services, "postgres");
        Map<String, Object> panel = map(services, "panel");

        assertThat(map(postgres, "healthcheck")).containsKey("test");
        assertThat(map(map(panel, "depends_on"), "postgres")).containsEntry("condition", "service_healthy");
        assertThat(map(panel, "build")).containsEntry("dockerfile", "docker/Dockerfile").containsEntry("context", "..");

        Map<String, Object> panelEnv = map(panel, "environment");
        Map<String, Object> postgresEnv = map(postgres, "environment");
        assertThat((String) panelEnv.get("SPRING_DATASOURCE_URL")).isEqualTo("jdbc:postgresql://postgres:5432/" + postgresEnv.get("POSTGRES_DB"));
        assertThat(panelEnv).containsEntry("SPRING_DATASOURCE_USERNAME", postgresEnv.get("POSTGRES_USER"));
        assertThat(List.of(panelEnv, postgresEnv)).as("no password as a value").allSatisfy(env -> assertThat(env.keySet())
                .noneMatch(name -> name.contains("PASSWORD") && !name.endsWith("_FILE")));

        // the panel reads /run/secrets as a config tree: each secret's target is the property it sets
        assertThat(panelEnv).containsEntry("SPRING_CONFIG_IMPORT", "configtree:/run/secrets/");
        List<Map<String, Object>> panelSecrets = list(panel, "secrets");
        assertThat(panelSecrets).extracting(secret -> secret.get("target"))
                .containsExactlyInAnyOrder("spring.datasource.password", "etcdpanel.security.admin-password");
        Map<String, Object> declared = map(compose, "secrets");
        assertThat(panelSecrets).extracting(secret -> secret.get("source")).allSatisfy(source -> assertThat(declared).containsKey((String) source));
        assertThat(declared.values()).allSatisfy(secret -> assertThat(((Map<?, ?>) secret).get("file")).isNotNull());
        assertThat((String) postgresEnv.get("POSTGRES_PASSWORD_FILE")).isEqualTo("/run/secrets/" + list(postgres, "secrets").get(0));
        assertThat(panelSecrets).filteredOn(secret -> secret.get("target").equals("spring.datasource.password"))
                .singleElement().extracting(secret -> secret.get("source")).isEqualTo(list(postgres, "secrets").get(0));

        Map<String, Object> volumes = map(compose, "volumes");
        assertThat(List.of(postgres, panel)).as("a named volume for each service's data").allSatisfy(service -> assertThat(
                ((List<?>) service.get("volumes")).stream().map(volume -> ((String) volume).split(":")[0])).anyMatch(volumes::containsKey));
        assertThat(ComposeFileTest.<String>list(panel, "volumes")).contains("panel-data:/data");
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> read() throws IOException {
        try (Reader reader = Files.newBufferedReader(COMPOSE)) {
            return (Map<String, Object>) new Yaml().load(reader);
        }
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> map(Map<String, Object> parent, String key) {
        assertThat(parent).as("has " + key).containsKey(key);
        return (Map<String, Object>) parent.get(key);
    }

    @SuppressWarnings("unchecked")
    private static <T> List<T> list(Map<String, Object> parent, String key) {
        assertThat(parent).as("has " + key).containsKey(key);
        return (List<T>) parent.get(key);
    }
}
