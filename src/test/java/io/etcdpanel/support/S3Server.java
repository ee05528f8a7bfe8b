package io.etcdpanel.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.apache.ApacheHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * A real S3-compatible server for the tests: versitygw (built by {@code bin/s3-tools}, found through
 * {@code ETCDPANEL_S3_TOOLS} as {@code bin/test} sets it), its posix backend in a temporary dir, on 127.0.0.1 and a free
 * port; one per test JVM, started on first use and killed, its dir removed, when the JVM exits. The servers and dirs of
 * test JVMs that were killed (dirs {@code etcdpanel-s3-*} whose owner process is gone) are swept first.
 */
public final class S3Server {

    private static final String DIR_PREFIX = "etcdpanel-s3-";
    private static final String ACCESS_KEY = "etcdpanel-test";
    private static final Duration START_DEADLINE = Duration.ofSeconds(30);
    private static final Duration BUILD_DEADLINE = Duration.ofMinutes(10);
    private static S3Server shared;

    private final Path dir;
    private final int port;
    private final String secret = UUID.randomUUID().toString();
    private final S3Client client;
    private Process process;

    private S3Server(Path dir, int port) {
        this.dir = dir;
        this.port = port;
        this.client = S3Client.builder().region(Region.US_EAST_1).endpointOverride(endpoint()).forcePathStyle(true)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(ACCESS_KEY, secret)))
                .httpClientBuilder(ApacheHttpClient.builder().connectionTimeout(Duration.ofSeconds(5)).socketTimeout(Duration.ofSeconds(30)))
                .overrideConfiguration(override -> override.apiCallTimeout(Duration.ofSeconds(60)))
                .build();
    }

    /** The server of this JVM, started on first use. */
    public static synchronized S3Server shared() {
        if (shared == null) {
            OwnedDirs.sweepAbandoned(DIR_PREFIX, S3Server::stopServer);
            Path dir = OwnedDirs.create(DIR_PREFIX);
            S3Server server = new S3Server(dir, FreePorts.loopback());
            Runtime.getRuntime().addShutdownHook(new Thread(server::stop, "s3-stop"));
            server.start();
            shared = server;
        }
        return shared;
    }

    public URI endpoint() {
        return URI.create("http://127.0.0.1:" + port);
    }

    /** The server's process, to hang (SIGSTOP) and let go. */
    public ProcessHandle process() {
        return process.toHandle();
    }

    /** A client of the test's own, to look at what is in a bucket. */
    public S3Client client() {
        return client;
    }

    /** A new empty bucket, named after the prefix. */
    public String createBucket(String prefix) {
        String bucket = (prefix + "-" + UUID.randomUUID().toString().substring(0, 8)).toLowerCase();
        client.createBucket(request -> request.bucket(bucket));
        return bucket;
    }

    /** An AWS shared credentials file with this server's key in its default profile, as the panel reads it. */
    public Path credentialsFile() {
        Path file = dir.resolve("credentials");
        try {
            if (!Files.exists(file)) {
                Files.writeString(file, "[default]\naws_access_key_id = " + ACCESS_KEY + "\naws_secret_access_key = " + secret + "\n");
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return file;
    }

    /** The panel's properties for a store in this bucket and prefix, with the smallest part S3 allows. */
    public Map<String, String> storeProperties(String bucket, String prefix) {
        return Map.of("etcdpanel.backup.s3.bucket", bucket, "etcdpanel.backup.s3.prefix", prefix,
                "etcdpanel.backup.s3.endpoint", endpoint().toString(), "etcdpanel.backup.s3.path-style", "true",
                "etcdpanel.backup.s3.credentials-file", credentialsFile().toString(), "etcdpanel.backup.s3.part-size", "5MB");
    }

    /** The keys of the objects under the prefix. */
    public List<String> keys(String bucket, String prefix) {
        return client.listObjectsV2Paginator(request -> request.bucket(bucket).prefix(prefix)).contents().stream()
                .map(S3Object::key).toList();
    }

    /** The keys of the multipart uploads begun and neither completed nor aborted under the prefix. */
    public List<String> unfinishedUploads(String bucket, String prefix) {
        return client.listMultipartUploads(request -> request.bucket(bucket).prefix(prefix)).uploads().stream()
                .map(upload -> upload.key()).toList();
    }

    private void start() {
        Path data = dir.resolve("data");
        try {
            Files.createDirectories(data);
            process = new ProcessBuilder(binary().toString(), "--access", ACCESS_KEY, "--secret", secret,
                    "--port", "127.0.0.1:" + port, "--quiet", "posix", data.toString())
                    .redirectErrorStream(true).redirectOutput(dir.resolve("versitygw.log").toFile()).start();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Poll.until("versitygw to answer on port " + port, START_DEADLINE, () -> {
            if (!process.isAlive()) {
                throw new AssertionError("versitygw exited with " + process.exitValue() + "; see " + dir.resolve("versitygw.log"));
            }
            try {
                client.listBuckets();
                return true;
            } catch (RuntimeException e) {
                return false;
            }
        });
    }

    private void stop() {
        stopServer(dir);
        client.close();
    }

    private static void stopServer(Path dir) {
        String marker = dir.resolve("data").toString();
        ProcessHandle.allProcesses().filter(process -> EtcdReaper.commandLine(process.pid()).contains(marker)).forEach(process -> {
            process.destroyForcibly();
            process.onExit().orTimeout(10, TimeUnit.SECONDS).exceptionally(e -> null).join();
        });
        OwnedDirs.deleteRecursively(dir);
    }

    /** The directory printed by {@code bin/s3-tools} (ETCDPANEL_S3_TOOLS, or -Detcdpanel.s3-tools), run here when unset. */
    private static Path binary() throws IOException {
        String configured = System.getProperty("etcdpanel.s3-tools", System.getenv("ETCDPANEL_S3_TOOLS"));
        if (configured == null || configured.isBlank()) {
            Path script = Path.of("bin", "s3-tools").toAbsolutePath();
            Process build = new ProcessBuilder(script.toString()).redirectError(ProcessBuilder.Redirect.INHERIT).start();
            try {
                if (!build.waitFor(BUILD_DEADLINE.toMillis(), TimeUnit.MILLISECONDS)) {
                    build.destroyForcibly();
                    throw new IllegalStateException(script + " did not finish in " + BUILD_DEADLINE);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
            configured = new String(build.getInputStream().readAllBytes()).trim();
            if (build.exitValue() != 0 || configured.isEmpty()) {
                throw new IllegalStateException(script + " failed with " + build.exitValue());
            }
        }
        return Path.of(configured, "versitygw");
    }
}
