package io.etcdpanel.backup;

import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.HexFormat;

/**
 * Checks an etcd snapshot as it is written, so no second pass over the file is needed: a whole
 * snapshot is a bolt database (whole 512-byte pages) followed by the 32-byte sha256 of it, as etcd
 * streams it ({@code etcdctl snapshot status} does not check this; {@code snapshot restore} does).
 * The last 32 bytes seen are held back from the content digest until the end.
 */
final class VerifyingOutputStream extends FilterOutputStream {

    static final int HASH_SIZE = 32;

    private final MessageDigest content = sha256();
    private byte[] pending = new byte[0];
    private long size;

    VerifyingOutputStream(OutputStream target) {
        super(target);
    }

    @Override
    public void write(byte[] buffer, int offset, int length) throws IOException {
        out.write(buffer, offset, length);
        size += length;
        if (length >= HASH_SIZE) {
            content.update(pending);
            content.update(buffer, offset, length - HASH_SIZE);
            pending = Arrays.copyOfRange(buffer, offset + length - HASH_SIZE, offset + length);
        } else {
            byte[] joined = Arrays.copyOf(pending, pending.length + length);
            System.arraycopy(buffer, offset, joined, pending.length, length);
            int release = Math.max(0, joined.length - HASH_SIZE);
            content.update(joined, 0, release);
            pending = Arrays.copyOfRange(joined, release, joined.length);
        }
    }

    @Override
    public void write(int b) throws IOException {
        write(new byte[] {(byte) b}, 0, 1);
    }

    /** Once everything is written: the sha256 (hex) of the whole file, or why it is not a whole snapshot. */
    String verify() {
        if (size < 512 + HASH_SIZE || size % 512 != HASH_SIZE) {
            throw new InvalidSnapshot("a snapshot is a bolt database of whole 512-byte pages plus a 32-byte sha256; this file has "
                    + size + " bytes, so it is truncated or not a snapshot");
        }
        MessageDigest whole = copy(content);
        whole.update(pending);
        if (!Arrays.equals(content.digest(), pending)) {
            throw new InvalidSnapshot("the sha256 at the end of the file does not match its content: the file is corrupt");
        }
        return HexFormat.of().formatHex(whole.digest());
    }

    long size() {
        return size;
    }

    /** The whole file's digest is the content's, carried on over the trailer: one hashing pass for both. */
    private static MessageDigest copy(MessageDigest digest) {
        try {
            return (MessageDigest) digest.clone();
        } catch (CloneNotSupportedException e) {
            throw new IllegalStateException(e);
        }
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
