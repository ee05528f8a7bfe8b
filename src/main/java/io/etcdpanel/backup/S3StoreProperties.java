package io.etcdpanel.backup;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

/**
 * Owns the settings of the S3-compatible snapshot store: the bucket and key prefix, the endpoint (none: AWS's own for the
 * region), the region, path-style addressing, an AWS credentials file (its {@code default} profile; none: the SDK's
 * default chain, e.g. {@code AWS_ACCESS_KEY_ID}/{@code AWS_SECRET_ACCESS_KEY}), the multipart part size (the memory one
 * upload holds) and the bounds on every S3 call. No bucket: no S3 store.
 */
@ConfigurationProperties("etcdpanel.backup.s3")
public record S3StoreProperties(
        String bucket,
        @DefaultValue("") String prefix,
        URI endpoint,
        @DefaultValue("us-east-1") String region,
        @DefaultValue("false") boolean pathStyle,
        Path credentialsFile,
        @DefaultValue("16MB") DataSize partSize,
        @DefaultValue("5s") Duration connectTimeout,
        @DefaultValue("2m") Duration callTimeout,
        @DefaultValue("1m") Duration attemptTimeout) {

    /** S3 refuses a part smaller than this, but the last. */
    static final DataSize MIN_PART_SIZE = DataSize.ofMegabytes(5);

    public S3StoreProperties {
        if (partSize.compareTo(MIN_PART_SIZE) < 0) {
            throw new IllegalArgumentException("etcdpanel.backup.s3.part-size must be at least 5MB (S3's smallest part); it is " + partSize);
        }
    }

    public boolean configured() {
        return bucket != null && !bucket.isBlank();
    }

    /** The prefix as keys start with it: empty, or ending in one slash. */
    String keyPrefix() {
        String trimmed = prefix.replaceAll("^/+|/+$", "");
        return trimmed.isEmpty() ? "" : trimmed + "/";
    }
}
