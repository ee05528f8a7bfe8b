package io.etcdpanel.backup;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.HexFormat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A snapshot is whole pages plus the sha256 of them; anything else is refused with the reason. */
class SnapshotDigestTest {

    @TempDir
    Path dir;

    @Test
    void aWholeSnapshotPassesAndGivesTheSha256OfTheWholeFile() throws Exception {
        byte[] snapshot = snapshot(4096);
        Path file = write(snapshot);
        assertThat(SnapshotDigest.verify(file)).isEqualTo(HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(snapshot)));
    }

    @Test
    void aFlippedByteAFlippedDigestOrATruncatedFileIsRefused() throws Exception {
        byte[] flipped = snapshot(4096);
        flipped[100] ^= 1;
        assertThatThrownBy(() -> SnapshotDigest.verify(write(flipped))).isInstanceOf(InvalidSnapshot.class)
                .hasMessageContaining("does not match its content");
        byte[] badDigest = snapshot(4096);
        badDigest[badDigest.length - 1] ^= 1;
        assertThatThrownBy(() -> SnapshotDigest.verify(write(badDigest))).isInstanceOf(InvalidSnapshot.class);
        assertThatThrownBy(() -> SnapshotDigest.verify(write(Arrays.copyOf(snapshot(4096), 4000)))).isInstanceOf(InvalidSnapshot.class)
                .hasMessageContaining("truncated or not a snapshot");
    }

    private static byte[] snapshot(int pagesBytes) throws Exception {
        byte[] pages = new byte[pagesBytes];
        for (int i = 0; i < pages.length; i++) {
            pages[i] = (byte) (i * 31);
        }
        byte[] digest = MessageDigest.getInstance("SHA-256").digest(pages);
        byte[] file = Arrays.copyOf(pages, pages.length + digest.length);
        System.arraycopy(digest, 0, file, pages.length, digest.length);
        return file;
    }

    private Path write(byte[] bytes) throws Exception {
        return Files.write(Files.createTempFile(dir, "snap", ".db"), bytes);
    }
}
