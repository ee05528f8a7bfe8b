package io.etcdpanel.packaging;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import io.etcdpanel.support.FreePorts;
import io.etcdpanel.support.PanelApi;
import io.etcdpanel.support.Poll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.json.JsonMapper;

/**
 * What docker/Dockerfile does with the built jar, done here without a container engine: its extract command splits the jar
 * into the layers it copies, in its order, into one directory; its ENTRYPOINT started there runs the panel, which reads
 * a Spring config tree as docker/compose.yaml's secrets give it; and its HEALTHCHECK command passes on that panel and
 * fails once it is gone. Not checked here: the base images, the etcd binaries copied from etcd's image, the user.
 */
class LayeredLauncherIT {

    private static final Path DOCKERFILE = Path.of("docker/Dockerfile");
    private static final Duration START = Duration.ofSeconds(120);
    private static final Duration COMMAND_TIMEOUT = Duration.ofSeconds(60);
    private static final Pattern EXTRACT = Pattern.compile("(?m)^RUN (java -Djarmode=tools -jar /app\\.jar extract .*)$");
    private static final Pattern LAYER_COPY = Pattern.compile("(?m)^COPY --from=build /extracted/([a-z-]+)/ \\./$");
    private static final Pattern ENTRYPOINT = Pattern.compile("(?m)^ENTRYPOINT (\\[.*])$");
    private static final Pattern HEALTHCHECK = Pattern.compile("(?m)^\\s+CMD (\\[.*])$");

    @TempDir
    Path work;
    private Process panel;

    @AfterEach
    void stopPanel() throws InterruptedException {
        if (panel != null && panel.isAlive()) {
            panel.destroyForcibly().waitFor(COMMAND_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
        }
    }

    @Test
    void theDockerfilesLayersAndEntrypointRunThePanelAndItsHealthCheckTellsUpFromGone() throws Exception {
        String dockerfile = Files.readString(DOCKERFILE);
        Path extracted = work.resolve("extracted");
        String extract = group(EXTRACT, dockerfile).replace("/app.jar", builtJar().toString()).replace("/extracted", extracted.toString());
        assertThat(extract).contains("extract --layers --launcher");
        run(List.of(extract.split(" ")), work);

        List<String> layers = LAYER_COPY.matcher(dockerfile).results().map(layer -> layer.group(1)).toList();
        try (Stream<Path> made = Files.list(extracted)) {
            assertThat(layers).as("the layers the Dockerfile copies, against those the tool made")
                    .containsExactlyInAnyOrderElementsOf(made.map(dir -> dir.getFileName().toString()).toList());
        }
        assertThat(layers).as("least often changed first").startsWith("dependencies").endsWith("application");
        Path app = Files.createDirectories(work.resolve("app"));
        for (String layer : layers) {
            copyInto(extracted.resolve(layer), app);
        }

        // the password files compose.yaml mounts under /run/secrets, each named as its property: here server.port
        int port = FreePorts.loopback();
        Path secrets = Files.createDirectories(work.resolve("secrets"));
        Files.writeString(secrets.resolve("server.port"), port + "\n");
        List<String> entrypoint = jsonArray(group(ENTRYPOINT, dockerfile));
        assertThat(entrypoint.get(0)).isEqualTo("java");
        List<String> command = new ArrayList<>(entrypoint);
        command.set(0, Path.of(System.getProperty("java.home"), "bin", "java").toString());
        ProcessBuilder launch = new ProcessBuilder(command).directory(app.toFile()).redirectErrorStream(true)
                .redirectOutput(work.resolve("panel.log").toFile());
        launch.environment().put("ETCDPANEL_DATA_DIR", work.resolve("data").toString());
        launch.environment().put("SPRING_CONFIG_IMPORT", "configtree:" + secrets + "/");
        launch.environment().put("SERVER_ADDRESS", "127.0.0.1");
        panel = launch.start();

        // as a probe asks: with no credentials (this panel's first admin has a generated password)
        PanelApi api = new PanelApi(port).anonymous();
        Poll.until("the launched panel live on the port its config tree gives", START, () -> {
            assertThat(panel.isAlive()).as("the panel is running; see " + work.resolve("panel.log")).isTrue();
            return api.get("/actuator/health/liveness").status() == 200;
        });
        List<String> healthCheck = jsonArray(group(HEALTHCHECK, dockerfile));
        assertThat(run(healthCheck, app, port)).as("the health check on a live panel").isZero();

        panel.destroy();
        assertThat(panel.waitFor(COMMAND_TIMEOUT.toSeconds(), TimeUnit.SECONDS)).as("the panel stops on SIGTERM").isTrue();
        assertThat(run(healthCheck, app, port)).as("the health check once the panel is gone").isNotZero();
    }

    private static Path builtJar() throws IOException {
        try (Stream<Path> jars = Files.list(Path.of("target"))) {
            return jars.filter(jar -> jar.getFileName().toString().matches("etcd-panel-.*\\.jar")).findFirst()
                    .orElseThrow(() -> new AssertionError("no etcd-panel jar in target/: the test runs after mvn package"))
                    .toAbsolutePath();
        }
    }

    private static String group(Pattern pattern, String text) {
        Matcher matcher = pattern.matcher(text);
        assertThat(matcher.find()).as(pattern + " in " + DOCKERFILE).isTrue();
        return matcher.group(1);
    }

    private static List<String> jsonArray(String json) {
        return List.of(JsonMapper.builder().build().readValue(json, String[].class));
    }

    private static void copyInto(Path layer, Path target) throws IOException {
        try (Stream<Path> files = Files.walk(layer)) {
            for (Path file : files.toList()) {
                Path copy = target.resolve(layer.relativize(file).toString());
                if (Files.isDirectory(file)) {
                    Files.createDirectories(copy);
                } else {
                    Files.copy(file, copy, StandardCopyOption.REPLACE_EXISTING);
                }
            }
        }
    }

    private void run(List<String> command, Path directory) throws InterruptedException {
        assertThat(run(command, directory, 0)).as(String.join(" ", command)).isZero();
    }

    /** Runs a command (SERVER_PORT set as a container's environment would, when not 0) and gives its exit code. */
    private int run(List<String> command, Path directory, int serverPort) throws InterruptedException {
        ProcessBuilder builder = new ProcessBuilder(command).directory(directory.toFile()).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(work.resolve("commands.log").toFile()));
        if (serverPort != 0) {
            builder.environment().put("SERVER_PORT", Integer.toString(serverPort));
        }
        try {
            Process process = builder.start();
            if (!process.waitFor(COMMAND_TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new AssertionError(String.join(" ", command) + " did not end in " + COMMAND_TIMEOUT.toSeconds() + " s");
            }
            return process.exitValue();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
