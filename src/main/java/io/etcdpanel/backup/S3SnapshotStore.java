package io.etcdpanel.backup;

import java.io.BufferedOutputStream;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.CompletedPart;
import software.amazon.awssdk.services.s3.model.MultipartUpload;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.NoSuchUploadException;

/**
 * Snapshots as objects {@code <prefix><cluster>/<id>.db} of one bucket of an S3-compatible server. A staged snapshot is
 * a multipart upload, streamed one part at a time as its bytes are written (memory: one part), and a local copy beside
 * it for etcd's tools to check; only the completed upload makes the object visible, and a staged one never committed is
 * aborted. Local copies of committed snapshots (and those downloaded for a restore) are kept in {@code <local>/cache}
 * for an hour after their last use.
 */
final class S3SnapshotStore implements SnapshotStore, AutoCloseable {

    private static final String SCHEME = SnapshotStoreKind.S3.scheme() + "://";
    private static final String PART = ".part";
    private static final Duration CACHE_KEEP = Duration.ofHours(1);
    private static final int WRITE_BUFFER = 1 << 20;
    /** The bound on listing and aborting unfinished uploads, small calls made while the lease is taken. */
    private static final Duration SHORT_CALL_TIMEOUT = Duration.ofSeconds(5);
    private static final Logger log = LoggerFactory.getLogger(S3SnapshotStore.class);

    private final S3Client s3;
    private final String bucket;
    private final String prefix;
    private final int partSize;
    private final Path staging;
    private final Path cache;

    S3SnapshotStore(S3Client s3, S3StoreProperties properties, Path local) {
        this.s3 = s3;
        this.bucket = properties.bucket();
        this.prefix = properties.keyPrefix();
        this.partSize = Math.toIntExact(properties.partSize().toBytes());
        this.staging = local.resolve("staging").toAbsolutePath().normalize();
        this.cache = local.resolve("cache").toAbsolutePath().normalize();
    }

    @Override
    public Staged stage(String cluster, String id) throws IOException {
        Path dir = Files.createDirectories(staging.resolve(cluster));
        return new Upload(prefix + cluster + "/" + id + ".db", dir.resolve("." + id + ".db" + PART));
    }

    @Override
    public InputStream open(String location) throws IOException {
        String key = key(location);
        try {
            return s3.getObject(request -> request.bucket(bucket).key(key));
        } catch (NoSuchKeyException e) {
            throw new NoSuchFileException(location);
        } catch (SdkException e) {
            throw new IOException("cannot read " + location + ": " + e.getMessage(), e);
        }
    }

    /** The cached copy, downloaded first when there is none (to a hidden name, then renamed, so never half a file). */
    @Override
    public Path localFile(String location) throws IOException {
        Path copy = cached(key(location));
        evictUnused();
        if (Files.exists(copy)) {
            Files.setLastModifiedTime(copy, FileTime.from(Instant.now()));
            return copy;
        }
        Files.createDirectories(copy.getParent());
        Path download = Files.createTempFile(copy.getParent(), "." + copy.getFileName(), ".download");
        try (InputStream content = open(location)) {
            Files.copy(content, download, StandardCopyOption.REPLACE_EXISTING);
            Files.move(download, copy, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } finally {
            Files.deleteIfExists(download);
        }
        return copy;
    }

    @Override
    public void delete(String location) throws IOException {
        String key = key(location);
        try {
            s3.deleteObject(request -> request.bucket(bucket).key(key));
        } catch (SdkException e) {
            throw new IOException("cannot delete " + location + ": " + e.getMessage(), e);
        }
        Files.deleteIfExists(cached(key));
    }

    /**
     * Aborts every multipart upload under the prefix, and drops every local staged copy, but those of the given ids. It
     * runs as the lease is taken, so each call is bounded short and a store out of reach is only logged: its unfinished
     * uploads stay invisible, and the next taking of the lease tries again.
     */
    @Override
    public void dropStaged(Set<String> keep) throws IOException {
        try {
            for (MultipartUpload upload : s3.listMultipartUploadsPaginator(request -> request.bucket(bucket).prefix(prefix)
                    .overrideConfiguration(call -> call.apiCallTimeout(SHORT_CALL_TIMEOUT))).uploads()) {
                if (!keep.contains(idOf(upload.key()))) {
                    abort(upload.key(), upload.uploadId());
                }
            }
        } catch (SdkException e) {
            log.warn("could not abort the unfinished uploads under s3://{}/{} (they stay invisible; the next taking of the lease"
                    + " tries again): {}", bucket, prefix, e.getMessage());
        }
        if (Files.isDirectory(staging)) {
            try (Stream<Path> files = Files.walk(staging, 2)) {
                for (Path file : files.filter(file -> file.getFileName().toString().endsWith(PART))
                        .filter(file -> !keep.contains(idOf(file.getFileName().toString().substring(1).replace(PART, "")))).toList()) {
                    Files.deleteIfExists(file);
                }
            }
        }
    }

    @Override
    public void close() {
        s3.close();
    }

    private void abort(String key, String uploadId) {
        try {
            s3.abortMultipartUpload(request -> request.bucket(bucket).key(key).uploadId(uploadId)
                    .overrideConfiguration(call -> call.apiCallTimeout(SHORT_CALL_TIMEOUT)));
        } catch (NoSuchUploadException e) {
            // already aborted or completed
        }
    }

    /** Only objects of this store's bucket are read or deleted. */
    private String key(String location) {
        String bucketPart = SCHEME + bucket + "/";
        if (!location.startsWith(bucketPart) || location.length() == bucketPart.length()) {
            throw new IllegalArgumentException("not a location of this store (bucket " + bucket + "): " + location);
        }
        String key = location.substring(bucketPart.length());
        if (Arrays.stream(key.split("/", -1)).anyMatch(segment -> segment.isEmpty() || segment.equals(".") || segment.equals(".."))) {
            throw new IllegalArgumentException("not a location of this store: " + location);
        }
        return key;
    }

    private Path cached(String key) {
        return cache.resolve(key);
    }

    private void evictUnused() throws IOException {
        if (!Files.isDirectory(cache)) {
            return;
        }
        Instant unusedSince = Instant.now().minus(CACHE_KEEP);
        List<Path> unused;
        try (Stream<Path> files = Files.walk(cache)) {
            unused = files.filter(Files::isRegularFile).filter(file -> {
                try {
                    return Files.getLastModifiedTime(file).toInstant().isBefore(unusedSince);
                } catch (IOException e) {
                    return false;
                }
            }).toList();
        }
        for (Path file : unused) {
            Files.deleteIfExists(file);
        }
    }

    private static String idOf(String keyOrName) {
        String name = keyOrName.substring(keyOrName.lastIndexOf('/') + 1);
        return name.endsWith(".db") ? name.substring(0, name.length() - ".db".length()) : name;
    }

    /** One staged snapshot: the multipart upload (begun with its first full part) and the local copy. */
    private final class Upload implements Staged {

        private final String key;
        private final Path file;
        private final OutputStream local;
        private final byte[] part = new byte[partSize];
        private final List<CompletedPart> parts = new ArrayList<>();
        private final OutputStream output;
        private int filled;
        private String uploadId;
        private boolean committed;
        private boolean closed;
        private IOException failed;

        Upload(String key, Path file) throws IOException {
            this.key = key;
            this.file = file;
            this.local = new BufferedOutputStream(Files.newOutputStream(file, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE),
                    WRITE_BUFFER);
            this.output = new OutputStream() {
                @Override
                public void write(int b) throws IOException {
                    write(new byte[] {(byte) b}, 0, 1);
                }

                @Override
                public void write(byte[] bytes, int offset, int length) throws IOException {
                    written(bytes, offset, length);
                }

                @Override
                public void close() throws IOException {
                    local.close();
                }
            };
        }

        /**
         * Takes the bytes on the writer's thread (etcd's stream), sending each part as it fills. Synchronized with
         * {@link #close()}: a backup given up while a part is on its way (a stream that stalled on a slow store) aborts
         * the upload once that part is sent, and no part is sent after.
         */
        private synchronized void written(byte[] bytes, int offset, int length) throws IOException {
            usable();
            local.write(bytes, offset, length);
            int done = 0;
            while (done < length) {
                int taken = Math.min(length - done, part.length - filled);
                System.arraycopy(bytes, offset + done, part, filled, taken);
                filled += taken;
                done += taken;
                if (filled == part.length) {
                    uploadPart();
                }
            }
        }

        @Override
        public OutputStream output() {
            return output;
        }

        @Override
        public Path file() {
            return file;
        }

        /** Sends the last part and completes the upload; the local copy becomes the cached copy of the object. */
        @Override
        public synchronized String commit() throws IOException {
            usable();
            output.close();
            if (filled > 0 || parts.isEmpty()) {
                uploadPart();
            }
            try {
                s3.completeMultipartUpload(request -> request.bucket(bucket).key(key).uploadId(uploadId)
                        .multipartUpload(upload -> upload.parts(parts)));
            } catch (SdkException e) {
                throw new IOException("cannot complete the upload of s3://" + bucket + "/" + key + ": " + e.getMessage(), e);
            }
            committed = true;
            try {
                Path copy = cached(key);
                Files.createDirectories(copy.getParent());
                Files.move(file, copy, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
                evictUnused();
            } catch (IOException e) {
                // the object is stored; without a local copy it is downloaded when etcd's tools need it
                log.warn("could not keep a local copy of s3://{}/{}: {}", bucket, key, e.getMessage());
                Files.deleteIfExists(file);
            }
            return SCHEME + bucket + "/" + key;
        }

        @Override
        public synchronized void close() {
            closed = true;
            try {
                local.close();
                if (!committed) {
                    Files.deleteIfExists(file);
                    if (uploadId != null) {
                        abort(key, uploadId);
                    }
                }
            } catch (IOException e) {
                throw new UncheckedIOException("cannot drop staged snapshot " + file, e);
            } catch (SdkException e) {
                throw new IllegalStateException("cannot abort the upload of s3://" + bucket + "/" + key + " (the panel aborts it when"
                        + " it next takes the lease): " + e.getMessage(), e);
            }
        }

        /** A dropped upload, or one a part of which failed to go up, takes no more bytes and never commits. */
        private void usable() throws IOException {
            if (closed) {
                throw new IOException("the staged snapshot s3://" + bucket + "/" + key + " was dropped");
            }
            if (failed != null) {
                throw new IOException(failed.getMessage(), failed);
            }
        }

        private void uploadPart() throws IOException {
            try {
                if (uploadId == null) {
                    uploadId = s3.createMultipartUpload(request -> request.bucket(bucket).key(key)).uploadId();
                }
                int number = parts.size() + 1;
                int length = filled;
                // read from the one part buffer, again on a retry: no copy of it
                RequestBody body = RequestBody.fromContentProvider(() -> new ByteArrayInputStream(part, 0, length), length,
                        "application/octet-stream");
                String etag = s3.uploadPart(request -> request.bucket(bucket).key(key).uploadId(uploadId).partNumber(number)
                        .contentLength((long) length), body).eTag();
                parts.add(CompletedPart.builder().partNumber(number).eTag(etag).build());
                filled = 0;
            } catch (SdkException e) {
                failed = new IOException("cannot upload part " + (parts.size() + 1) + " of s3://" + bucket + "/" + key + ": "
                        + e.getMessage(), e);
                throw failed;
            }
        }
    }
}
