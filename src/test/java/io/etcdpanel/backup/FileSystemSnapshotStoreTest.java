package io.etcdpanel.backup;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import io.etcdpanel.config.PanelProperties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A staged snapshot is invisible until committed, and gone if never committed. */
class FileSystemSnapshotStoreTest {

    @TempDir
    Path dir;

    private FileSystemSnapshotStore store() {
        return new FileSystemSnapshotStore(new BackupProperties(SnapshotStoreKind.FILESYSTEM, null, dir.resolve("store"), Duration.ofMinutes(1), Duration.ofSeconds(30), Duration.ofMinutes(1), true,
                Duration.ofMinutes(1)),
                new PanelProperties(dir, 1));
    }

    @Test
    void aCommittedSnapshotIsVisibleAndReadableAndAnAbortedOneLeavesNothing() throws Exception {
        FileSystemSnapshotStore store = store();
        String location;
        try (SnapshotStore.Staged staged = store.stage("c", "one")) {
            staged.output().write("bytes".getBytes(StandardCharsets.UTF_8));
            assertThat(dir.resolve("store/c/one.db")).doesNotExist();
            location = staged.commit();
        }
        assertThat(dir.resolve("store/c/one.db")).hasContent("bytes");
        assertThat(new String(store.open(location).readAllBytes(), StandardCharsets.UTF_8)).isEqualTo("bytes");

        try (SnapshotStore.Staged staged = store.stage("c", "two")) {
            staged.output().write(1);
        }
        try (var files = Files.list(dir.resolve("store/c"))) {
            assertThat(files.map(path -> path.getFileName().toString())).containsExactly("one.db");
        }
        store.delete(location);
        assertThat(dir.resolve("store/c/one.db")).doesNotExist();
    }

    @Test
    void stagedLeftoversOfAStoppedPanelAreDroppedAndNothingOutsideTheStoreIsTouched() throws Exception {
        FileSystemSnapshotStore store = store();
        Files.createDirectories(dir.resolve("store/c"));
        Files.writeString(dir.resolve("store/c/.left.db.part"), "half");
        store.dropStaged(java.util.Set.of());
        assertThat(dir.resolve("store/c/.left.db.part")).doesNotExist();
        Path outside = Files.writeString(dir.resolve("outside.db"), "keep");
        assertThatThrownBy(() -> store.delete(outside.toUri().toString())).isInstanceOf(IllegalArgumentException.class);
        assertThat(outside).exists();
    }
}
