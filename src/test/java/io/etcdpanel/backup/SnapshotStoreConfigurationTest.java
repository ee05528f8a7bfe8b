package io.etcdpanel.backup;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import io.etcdpanel.config.PanelProperties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;
import org.springframework.util.unit.DataSize;

/** S3 chosen (for all clusters or one) without a bucket refuses to start; parts below S3's 5 MB are refused; per-cluster choice wins. */
class SnapshotStoreConfigurationTest {

    @TempDir
    Path dir;

    @Test
    void s3ChosenForOneClusterWithoutABucketRefusesToStartAndSaysWhichProperty() {
        BackupProperties backup = backup(SnapshotStoreKind.FILESYSTEM, Map.of("orders", SnapshotStoreKind.S3));
        assertThatThrownBy(() -> new SnapshotStoreConfiguration().snapshotStores(backup, s3(null, DataSize.ofMegabytes(16)),
                new PanelProperties(dir, 1)))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("etcdpanel.backup.s3.bucket is not set");
    }

    @Test
    void aPartSmallerThanS3AllowsIsRefused() {
        assertThatThrownBy(() -> s3("bucket", DataSize.ofMegabytes(4)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("part-size must be at least 5MB");
    }

    @Test
    void aClustersOwnChoiceWinsOverTheGlobalOne() {
        BackupProperties backup = backup(SnapshotStoreKind.S3, Map.of("local-only", SnapshotStoreKind.FILESYSTEM));
        assertThat(backup.storeFor("local-only")).isEqualTo(SnapshotStoreKind.FILESYSTEM);
        assertThat(backup.storeFor("orders")).isEqualTo(SnapshotStoreKind.S3);
    }

    @Test
    void aClusterNameWithDashesBindsAsItIsAndTheStoreNamesIgnoreCase() {
        Binder binder = new Binder(new MapConfigurationPropertySource(Map.of("etcdpanel.backup.store", "S3",
                "etcdpanel.backup.cluster-stores.orders-eu", "filesystem")));
        BackupProperties bound = binder.bind("etcdpanel.backup", BackupProperties.class).get();
        assertThat(bound.storeFor("orders-eu")).isEqualTo(SnapshotStoreKind.FILESYSTEM);
        assertThat(bound.storeFor("orders")).isEqualTo(SnapshotStoreKind.S3);
    }

    @Test
    void thePrefixIsUsedAsAFolderWhateverItsSlashes() {
        assertThat(s3("bucket", DataSize.ofMegabytes(5)).keyPrefix()).isEqualTo("panel/");
        assertThat(new S3StoreProperties("bucket", "", null, "us-east-1", false, null, DataSize.ofMegabytes(5), Duration.ofSeconds(5),
                Duration.ofMinutes(2), Duration.ofMinutes(1)).keyPrefix()).isEmpty();
    }

    private BackupProperties backup(SnapshotStoreKind store, Map<String, SnapshotStoreKind> clusterStores) {
        return new BackupProperties(store, clusterStores, dir.resolve("snapshots"), Duration.ofMinutes(1), Duration.ofSeconds(30),
                Duration.ofMinutes(1), true, Duration.ofMinutes(1));
    }

    private static S3StoreProperties s3(String bucket, DataSize partSize) {
        return new S3StoreProperties(bucket, "/panel//", null, "us-east-1", false, null, partSize, Duration.ofSeconds(5),
                Duration.ofMinutes(2), Duration.ofMinutes(1));
    }
}
