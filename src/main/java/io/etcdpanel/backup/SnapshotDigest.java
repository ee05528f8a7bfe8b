package io.etcdpanel.backup;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.HexFormat;

/**
 * Checks that a file is a whole etcd snapshot: a bolt database (a multiple of 512 bytes) followed
 * by the 32-byte sha256 of it, as etcd streams it; and gives the sha256 of the whole file.
 * {@code etcdctl snapshot status} does not check this; {@code snapshot restore} does.
 */
final class SnapshotDigest {

    static final int HASH_SIZE = 32;

    private SnapshotDigest() {
    }

    /** The sha256 (hex) of the whole file, once its own trailing digest has been checked. */
    static String verify(Path file) throws IOException {
        long size = Files.size(file);
        if (size < 512 + HASH_SIZE || size % 512 != HASH_SIZE) {
            throw new InvalidSnapshot("a snapshot is a bolt database of whole 512-byte pages plus a 32-byte sha256; this file has "
                    + size + " bytes, so it is truncated or not a snapshot");
        }
        MessageDigest content = sha256();
        MessageDigest whole = sha256();
        byte[] trailer = new byte[HASH_SIZE];
        try (InputStream input = Files.newInputStream(file)) {
            byte[] buffer = new byte[1 << 16];
            long left = size - HASH_SIZE;
            while (left > 0) {
                int read = input.read(buffer, 0, (int) Math.min(buffer.length, left));
                if (read < 0) {
                    throw new InvalidSnapshot("the file ended early");
                }
                content.update(buffer, 0, read);
                whole.update(buffer, 0, read);
                left -= read;
            }
            if (input.readNBytes(trailer, 0, HASH_SIZE) != HASH_SIZE) {
                throw new InvalidSnapshot("the file ended early");
            }
        }
        whole.update(trailer);
        if (!Arrays.equals(content.digest(), trailer)) {
            throw new InvalidSnapshot("the sha256 at the end of the file does not match its content: the file is corrupt");
        }
        return HexFormat.of().formatHex(whole.digest());
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
