package io.etcdpanel.backup;

import java.util.EnumMap;
import java.util.Map;
import java.util.stream.Stream;

import io.etcdpanel.config.PanelProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.ProfileCredentialsProvider;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.core.checksums.ResponseChecksumValidation;
import software.amazon.awssdk.http.apache.ApacheHttpClient;
import software.amazon.awssdk.profiles.ProfileFile;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.S3ClientBuilder;

/**
 * Owns the making of the snapshot stores: the filesystem store always, the S3 store when a bucket is configured, and
 * the {@link SnapshotStores} over them. A panel told to put snapshots in S3 without a bucket refuses to start.
 */
@Configuration(proxyBeanMethods = false)
class SnapshotStoreConfiguration {

    @Bean(destroyMethod = "close")
    SnapshotStores snapshotStores(BackupProperties backup, S3StoreProperties s3, PanelProperties panel) {
        boolean s3Chosen = Stream.concat(Stream.of(backup.store()), backup.clusterStores().values().stream())
                .anyMatch(SnapshotStoreKind.S3::equals);
        if (s3Chosen && !s3.configured()) {
            throw new IllegalStateException("snapshots are to go to S3 (etcdpanel.backup.store or etcdpanel.backup.cluster-stores)"
                    + " but etcdpanel.backup.s3.bucket is not set");
        }
        Map<SnapshotStoreKind, SnapshotStore> stores = new EnumMap<>(SnapshotStoreKind.class);
        stores.put(SnapshotStoreKind.FILESYSTEM, new FileSystemSnapshotStore(backup, panel));
        if (s3.configured()) {
            stores.put(SnapshotStoreKind.S3, new S3SnapshotStore(client(s3), s3, panel.absoluteDataDir().resolve("s3-local")));
        }
        return new SnapshotStores(stores, backup);
    }

    /** Every call bounded, in all and per attempt; checksums only where S3 requires them (the sha256 is checked anyway). */
    static S3Client client(S3StoreProperties s3) {
        S3ClientBuilder builder = S3Client.builder()
                .region(Region.of(s3.region()))
                .forcePathStyle(s3.pathStyle())
                .credentialsProvider(credentials(s3))
                .httpClientBuilder(ApacheHttpClient.builder().connectionTimeout(s3.connectTimeout()).socketTimeout(s3.attemptTimeout()))
                .overrideConfiguration(override -> override.apiCallTimeout(s3.callTimeout()).apiCallAttemptTimeout(s3.attemptTimeout()))
                .requestChecksumCalculation(RequestChecksumCalculation.WHEN_REQUIRED)
                .responseChecksumValidation(ResponseChecksumValidation.WHEN_REQUIRED);
        if (s3.endpoint() != null) {
            builder.endpointOverride(s3.endpoint());
        }
        return builder.build();
    }

    private static AwsCredentialsProvider credentials(S3StoreProperties s3) {
        if (s3.credentialsFile() == null) {
            return DefaultCredentialsProvider.builder().build();
        }
        return ProfileCredentialsProvider.builder()
                .profileFile(ProfileFile.builder().content(s3.credentialsFile()).type(ProfileFile.Type.CREDENTIALS).build())
                .profileName("default").build();
    }
}
