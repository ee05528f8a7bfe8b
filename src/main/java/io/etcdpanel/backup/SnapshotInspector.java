package io.etcdpanel.backup;

import java.io.IOException;
import java.nio.file.Path;

import io.etcdpanel.etcd.EtcdTool;
import io.etcdpanel.etcd.EtcdToolRefused;
import org.springframework.stereotype.Component;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** Reads a snapshot's revision and key count the way etcd's own {@code snapshot status} reports them. */
@Component
class SnapshotInspector {

    /** What {@code snapshot status} says of a file. */
    record Status(long revision, long totalKeys, long totalSize) {
    }

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private final EtcdTool tool;
    private final BackupProperties properties;

    SnapshotInspector(EtcdTool tool, BackupProperties properties) {
        this.tool = tool;
        this.properties = properties;
    }

    Status inspect(Path file) throws IOException {
        String output;
        try {
            output = tool.snapshot(properties.inspectTimeout(), "status", "-w", "json", file.toString());
        } catch (EtcdToolRefused e) {
            throw new InvalidSnapshot(e.getMessage());
        }
        JsonNode status = JSON.readTree(output.substring(output.indexOf('{')));
        return new Status(status.path("revision").asLong(), status.path("totalKey").asLong(), status.path("totalSize").asLong());
    }
}
