package io.etcdpanel.backup;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.springframework.stereotype.Component;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Reads a snapshot's revision and key count the way etcd's own tool reports them:
 * {@code etcdutl snapshot status} where it exists (etcd 3.5+), else {@code etcdctl snapshot status}.
 */
@Component
class SnapshotInspector {

    /** What {@code snapshot status} says of a file. */
    record Status(long revision, long totalKeys, long totalSize) {
    }

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private final BackupProperties properties;

    SnapshotInspector(BackupProperties properties) {
        this.properties = properties;
    }

    Status inspect(Path file) throws IOException {
        List<String> command = new ArrayList<>(tool());
        command.addAll(List.of("snapshot", "status", "-w", "json", file.toString()));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        builder.environment().put("ETCDCTL_API", "3");
        Process process = builder.start();
        try {
            if (!process.waitFor(properties.inspectTimeout().toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly();
                throw new IOException("snapshot status took longer than " + properties.inspectTimeout().toSeconds() + " s");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
            throw new IOException("interrupted while inspecting the snapshot", e);
        }
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
        if (process.exitValue() != 0) {
            throw new InvalidSnapshot("etcd's snapshot status refused the file: " + output);
        }
        JsonNode status = JSON.readTree(output.substring(output.indexOf('{')));
        return new Status(status.path("revision").asLong(), status.path("totalKey").asLong(), status.path("totalSize").asLong());
    }

    private static List<String> tool() {
        for (String dir : System.getenv().getOrDefault("PATH", "").split(":")) {
            if (!dir.isEmpty() && Files.isExecutable(Path.of(dir, "etcdutl"))) {
                return List.of(Path.of(dir, "etcdutl").toString());
            }
        }
        return List.of("etcdctl");
    }
}
