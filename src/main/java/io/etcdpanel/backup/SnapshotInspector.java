package io.etcdpanel.backup;

import java.io.IOException;
import java.nio.file.Path;

import io.etcdpanel.etcd.EtcdReleases;
import io.etcdpanel.etcd.EtcdTool;
import io.etcdpanel.etcd.EtcdToolRefused;
import org.springframework.stereotype.Component;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** Reads a snapshot's revision the way etcd's own {@code snapshot status} of the data's release reports it. */
@Component
class SnapshotInspector {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private final EtcdTool tool;
    private final EtcdReleases releases;
    private final BackupProperties properties;

    SnapshotInspector(EtcdTool tool, EtcdReleases releases, BackupProperties properties) {
        this.tool = tool;
        this.releases = releases;
        this.properties = properties;
    }

    /**
     * The file's revision; {@code version}: the etcd release that wrote the data, or the cluster's when that is not known.
     * (Its key count is not used: etcd counts internal keys up to 3.5 and not from 3.6.)
     */
    long revision(Path file, String version) throws IOException {
        String output;
        try {
            output = tool.snapshot(releases.toolsFor(version), properties.inspectTimeout(), "status", "-w", "json", file.toString());
        } catch (EtcdToolRefused e) {
            throw new InvalidSnapshot(e.getMessage());
        }
        JsonNode status = JSON.readTree(output.substring(output.indexOf('{')));
        return status.path("revision").asLong();
    }
}
