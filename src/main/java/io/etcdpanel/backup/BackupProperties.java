package io.etcdpanel.backup;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Owns the settings of backups: which store new snapshots go to (filesystem or s3, for every cluster or, in
 * {@code cluster-stores}, for one), where the filesystem store keeps snapshots (default
 * {@code <data-dir>/snapshots}), how long one snapshot may stream in all and without a byte, how
 * long inspecting a file may take, and whether (and how long) each new snapshot is restore-tested.
 */
@ConfigurationProperties("etcdpanel.backup")
public record BackupProperties(
        @DefaultValue("filesystem") SnapshotStoreKind store,
        Map<String, SnapshotStoreKind> clusterStores,
        Path storePath,
        @DefaultValue("30m") Duration snapshotTimeout,
        @DefaultValue("30s") Duration stallTimeout,
        @DefaultValue("2m") Duration inspectTimeout,
        @DefaultValue("true") boolean restoreTest,
        @DefaultValue("2m") Duration restoreTestTimeout) {

    public BackupProperties {
        clusterStores = clusterStores == null ? Map.of() : Map.copyOf(clusterStores);
    }

    /** The store a cluster's new snapshots go to. */
    public SnapshotStoreKind storeFor(String cluster) {
        return clusterStores.getOrDefault(cluster, store);
    }
}
