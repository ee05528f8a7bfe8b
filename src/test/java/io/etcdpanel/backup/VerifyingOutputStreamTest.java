package io.etcdpanel.backup;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.HexFormat;

import org.junit.jupiter.api.Test;

/** A snapshot is whole pages plus the sha256 of them, checked as it is written, whatever the write sizes. */
class VerifyingOutputStreamTest {

    @Test
    void aWholeSnapshotPassesInAnyChunkingAndGivesTheSha256OfTheWholeFile() throws Exception {
        byte[] snapshot = snapshot(4096);
        String expected = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(snapshot));
        for (int chunk : new int[] {1, 7, 31, 32, 33, 512, 100_000}) {
            ByteArrayOutputStream copy = new ByteArrayOutputStream();
            VerifyingOutputStream verifying = write(snapshot, chunk, copy);
            assertThat(verifying.verify()).as("chunks of %d", chunk).isEqualTo(expected);
            assertThat(copy.toByteArray()).isEqualTo(snapshot);
        }
    }

    @Test
    void aFlippedByteAFlippedDigestOrATruncatedFileIsRefused() throws Exception {
        byte[] flipped = snapshot(4096);
        flipped[100] ^= 1;
        assertThatThrownBy(() -> write(flipped, 64, new ByteArrayOutputStream()).verify()).isInstanceOf(InvalidSnapshot.class)
                .hasMessageContaining("does not match its content");
        byte[] badDigest = snapshot(4096);
        badDigest[badDigest.length - 1] ^= 1;
        assertThatThrownBy(() -> write(badDigest, 64, new ByteArrayOutputStream()).verify()).isInstanceOf(InvalidSnapshot.class);
        assertThatThrownBy(() -> write(Arrays.copyOf(snapshot(4096), 4000), 64, new ByteArrayOutputStream()).verify())
                .isInstanceOf(InvalidSnapshot.class).hasMessageContaining("truncated or not a snapshot");
    }

    private static VerifyingOutputStream write(byte[] bytes, int chunk, ByteArrayOutputStream target) throws IOException {
        VerifyingOutputStream verifying = new VerifyingOutputStream(target);
        for (int offset = 0; offset < bytes.length; offset += chunk) {
            verifying.write(bytes, offset, Math.min(chunk, bytes.length - offset));
        }
        verifying.close();
        return verifying;
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
}
