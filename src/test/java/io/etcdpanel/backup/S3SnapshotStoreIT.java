package io.etcdpanel.backup;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;

import io.etcdpanel.config.PanelProperties;
import io.etcdpanel.support.EtcdReaper;
import io.etcdpanel.support.FreePorts;
import io.etcdpanel.support.S3Server;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.util.unit.DataSize;
import software.amazon.awssdk.services.s3.model.Part;

/**
 * The S3 store against a real S3-compatible server (versitygw): a snapshot is an object only once committed, is
 * streamed up one part at a time (the memory of one upload is one part), reads back, deletes; an upload that fails
 * half-way or is abandoned by a killed panel leaves no object and no unfinished upload.
 */
class S3SnapshotStoreIT {

    private static final String PREFIX = "panel/";
    private static final int PART = (int) DataSize.ofMegabytes(5).toBytes();
    private static final S3Server SERVER = S3Server.shared();

    @TempDir
    Path local;

    private String bucket;
    private S3SnapshotStore store;

    @BeforeEach
    void newBucket() {
        bucket = SERVER.createBucket("store");
        store = new S3SnapshotStore(SnapshotStoreConfiguration.client(properties(bucket)), properties(bucket), local);
    }

    @AfterEach
    void closeStore() {
        store.close();
    }

    @Test
    void aSnapshotOfThreePartsIsStreamedUpPartByPartAndIsAnObjectOnlyOnceCommitted() throws Exception {
        byte[] content = randomBytes(2 * PART + 1234);
        String location;
        try (SnapshotStore.Staged staged = store.stage("orders", "one")) {
            staged.output().write(content, 0, 2 * PART + 10);
            assertThat(SERVER.keys(bucket, PREFIX)).as("nothing visible before the commit").isEmpty();
            assertThat(SERVER.unfinishedUploads(bucket, PREFIX)).containsExactly("panel/orders/one.db");
            String uploadId = SERVER.client().listMultipartUploads(request -> request.bucket(bucket).prefix(PREFIX)).uploads().get(0)
                    .uploadId();
            List<Part> sent = SERVER.client().listParts(request -> request.bucket(bucket).key("panel/orders/one.db").uploadId(uploadId))
                    .parts();
            assertThat(sent).as("each full part left the panel as soon as it was written: memory is one part")
                    .extracting(Part::size).containsExactly((long) PART, (long) PART);

            staged.output().write(content, 2 * PART + 10, content.length - 2 * PART - 10);
            staged.output().close();
            assertThat(Files.readAllBytes(staged.file())).as("the local copy etcd's tools check").isEqualTo(content);
            location = staged.commit();
        }
        assertThat(location).isEqualTo("s3://" + bucket + "/panel/orders/one.db");
        assertThat(SERVER.keys(bucket, PREFIX)).containsExactly("panel/orders/one.db");
        assertThat(SERVER.unfinishedUploads(bucket, PREFIX)).isEmpty();
        try (InputStream read = store.open(location)) {
            assertThat(read.readAllBytes()).isEqualTo(content);
        }
        assertThat(Files.readAllBytes(store.localFile(location))).isEqualTo(content);

        store.delete(location);
        assertThat(SERVER.keys(bucket, PREFIX)).isEmpty();
        assertThatThrownBy(() -> store.open(location)).isInstanceOf(NoSuchFileException.class);
        assertThatThrownBy(() -> store.localFile(location)).as("the local copy went with the object").isInstanceOf(NoSuchFileException.class);
    }

    @Test
    void aSnapshotWithoutALocalCopyIsDownloadedAgainAndOneGoneFromTheBucketIsNoSuchFile() throws Exception {
        byte[] content = randomBytes(1000);
        String location = commit("orders", "small", content);
        Path copy = store.localFile(location);
        Files.delete(copy);
        assertThat(Files.readAllBytes(store.localFile(location))).as("downloaded anew").isEqualTo(content);
        SERVER.client().deleteObject(request -> request.bucket(bucket).key("panel/orders/small.db"));
        Files.delete(copy);
        assertThatThrownBy(() -> store.localFile(location)).isInstanceOf(NoSuchFileException.class);
    }

    @Test
    void anUploadFailingHalfWayLeavesNoObjectNoUnfinishedUploadAndNoLocalCopy() throws Exception {
        Path file;
        try (SnapshotStore.Staged staged = store.stage("orders", "broken")) {
            file = staged.file();
            staged.output().write(randomBytes(PART + PART / 2));
            assertThat(SERVER.unfinishedUploads(bucket, PREFIX)).as("one part is up").hasSize(1);
            // the stream from etcd fails here: the backup never commits
        }
        assertThat(SERVER.keys(bucket, PREFIX)).isEmpty();
        assertThat(SERVER.unfinishedUploads(bucket, PREFIX)).isEmpty();
        assertThat(file).doesNotExist();
    }

    @Test
    void aPartThatCannotGoUpFailsTheUploadForGoodAndLeavesNothing() throws Exception {
        S3StoreProperties impatient = new S3StoreProperties(bucket, "/panel/", SERVER.endpoint(), "us-east-1", true,
                SERVER.credentialsFile(), DataSize.ofMegabytes(5), Duration.ofSeconds(1), Duration.ofSeconds(3), Duration.ofSeconds(1));
        try (S3SnapshotStore hasty = new S3SnapshotStore(SnapshotStoreConfiguration.client(impatient), impatient, local.resolve("hasty"));
                SnapshotStore.Staged staged = hasty.stage("orders", "cut")) {
            staged.output().write(randomBytes(PART));
            List<ProcessHandle> server = List.of(SERVER.process());
            EtcdReaper.signal("STOP", server);
            try {
                assertThatThrownBy(() -> staged.output().write(randomBytes(PART))).isInstanceOf(IOException.class)
                        .hasMessageContaining("cannot upload part 2");
            } finally {
                EtcdReaper.signal("CONT", server);
            }
            assertThatThrownBy(() -> staged.output().write(1)).as("no byte taken after a lost part").isInstanceOf(IOException.class);
            assertThatThrownBy(staged::commit).as("never committed without the part").isInstanceOf(IOException.class);
        }
        assertThat(SERVER.keys(bucket, PREFIX)).isEmpty();
        assertThat(SERVER.unfinishedUploads(bucket, PREFIX)).as("aborted when dropped").isEmpty();
    }

    @Test
    void theUploadsOfAKilledPanelAreAbortedByDropStagedButThoseOfBackupsStillRunning() throws Exception {
        SnapshotStore.Staged abandoned = store.stage("orders", "abandoned");
        abandoned.output().write(randomBytes(PART + 1));
        try (SnapshotStore.Staged running = store.stage("orders", "running")) {
            running.output().write(randomBytes(PART + 1));
            assertThat(SERVER.unfinishedUploads(bucket, PREFIX)).hasSize(2);

            // a new panel (the abandoned upload's panel was killed) takes the lease while "running" runs here
            store.dropStaged(Set.of("running"));

            assertThat(SERVER.unfinishedUploads(bucket, PREFIX)).containsExactly("panel/orders/running.db");
            assertThat(abandoned.file()).doesNotExist();
            assertThat(running.file()).exists();
            running.output().close();
            running.commit();
        }
        assertThat(SERVER.keys(bucket, PREFIX)).containsExactly("panel/orders/running.db");
        assertThat(SERVER.unfinishedUploads(bucket, PREFIX)).isEmpty();
    }

    @Test
    void aStoreOutOfReachWhenTheLeaseIsTakenIsLoggedNotThrown() throws Exception {
        S3StoreProperties unreachable = new S3StoreProperties(bucket, "/panel/", java.net.URI.create("http://127.0.0.1:" + FreePorts.loopback()),
                "us-east-1", true, SERVER.credentialsFile(), DataSize.ofMegabytes(5), Duration.ofSeconds(1), Duration.ofSeconds(5),
                Duration.ofSeconds(2));
        try (S3SnapshotStore away = new S3SnapshotStore(SnapshotStoreConfiguration.client(unreachable), unreachable, local)) {
            away.dropStaged(Set.of());
        }
    }

    @Test
    void aWrongSecretInTheCredentialsFileIsRefusedWithAnErrorThatDoesNotShowIt() throws Exception {
        Path file = local.resolve("credentials");
        Files.writeString(file, "[default]\naws_access_key_id = etcdpanel-test\naws_secret_access_key = not-the-secret\n");
        S3StoreProperties wrong = new S3StoreProperties(bucket, "/panel/", SERVER.endpoint(), "us-east-1", true, file,
                DataSize.ofMegabytes(5), Duration.ofSeconds(5), Duration.ofSeconds(60), Duration.ofSeconds(30));
        try (S3SnapshotStore refusing = new S3SnapshotStore(SnapshotStoreConfiguration.client(wrong), wrong, local.resolve("wrong"))) {
            assertThatThrownBy(() -> commit(refusing, "orders", "refused", "bytes".getBytes())).isInstanceOf(IOException.class)
                    .hasMessageContaining("403")
                    .satisfies(refused -> assertThat(refused.toString()).doesNotContain("not-the-secret"));
        }
        assertThat(SERVER.keys(bucket, PREFIX)).isEmpty();
    }

    @Test
    void aLocationOfAnotherBucketIsNeitherReadNorDeleted() {
        assertThatThrownBy(() -> store.open("s3://elsewhere/panel/orders/one.db")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> store.delete("s3://" + bucket + "/panel/../../etc/passwd")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void snapshotsAreReadByTheStoreTheirLocationNamesSoFileSnapshotsOutliveASwitchToS3() throws Exception {
        BackupProperties backup = new BackupProperties(SnapshotStoreKind.FILESYSTEM, Map.of("payments", SnapshotStoreKind.S3),
                local.resolve("files"), Duration.ofMinutes(1), Duration.ofSeconds(30), Duration.ofMinutes(1), true, Duration.ofMinutes(1));
        FileSystemSnapshotStore files = new FileSystemSnapshotStore(backup, new PanelProperties(local, 1));
        SnapshotStores stores = new SnapshotStores(Map.of(SnapshotStoreKind.FILESYSTEM, files, SnapshotStoreKind.S3, store), backup);
        String onFiles = commit(stores, "orders", "f1", "on disk".getBytes());
        String onS3 = commit(stores, "payments", "s1", "in s3".getBytes());
        assertThat(onFiles).startsWith("file:");
        assertThat(onS3).isEqualTo("s3://" + bucket + "/panel/payments/s1.db");

        SnapshotStores switched = new SnapshotStores(Map.of(SnapshotStoreKind.FILESYSTEM, files, SnapshotStoreKind.S3, store),
                new BackupProperties(SnapshotStoreKind.S3, null, local.resolve("files"), Duration.ofMinutes(1), Duration.ofSeconds(30),
                        Duration.ofMinutes(1), true, Duration.ofMinutes(1)));
        assertThat(commit(switched, "orders", "s2", "now in s3".getBytes())).startsWith("s3://");
        try (InputStream old = switched.open(onFiles)) {
            assertThat(old.readAllBytes()).isEqualTo("on disk".getBytes());
        }
        switched.delete(onFiles);
        switched.delete(onS3);
        assertThat(Path.of(java.net.URI.create(onFiles))).doesNotExist();
        assertThat(SERVER.keys(bucket, PREFIX)).containsExactly("panel/orders/s2.db");
    }

    private String commit(String cluster, String id, byte[] content) throws IOException {
        return commit(store, cluster, id, content);
    }

    private static String commit(SnapshotStore store, String cluster, String id, byte[] content) throws IOException {
        try (SnapshotStore.Staged staged = store.stage(cluster, id)) {
            staged.output().write(content);
            staged.output().close();
            return staged.commit();
        }
    }

    private static S3StoreProperties properties(String bucket) {
        return new S3StoreProperties(bucket, "/panel/", SERVER.endpoint(), "us-east-1", true, SERVER.credentialsFile(),
                DataSize.ofMegabytes(5), Duration.ofSeconds(5), Duration.ofSeconds(60), Duration.ofSeconds(30));
    }

    private static byte[] randomBytes(int size) {
        byte[] bytes = new byte[size];
        new Random(size).nextBytes(bytes);
        return bytes;
    }
}
