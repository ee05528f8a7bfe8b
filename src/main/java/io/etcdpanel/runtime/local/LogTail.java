package io.etcdpanel.runtime.local;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** Reads the last lines of a log file without reading the whole file. */
final class LogTail {

    private static final int BLOCK = 64 * 1024;

    private LogTail() {
    }

    static List<String> lastLines(Path file, int count) {
        if (!Files.exists(file)) {
            return List.of();
        }
        try (RandomAccessFile log = new RandomAccessFile(file.toFile(), "r")) {
            long end = log.length();
            long start = end;
            byte[] tail = new byte[0];
            while (start > 0 && newlines(tail) <= count) {
                int size = (int) Math.min(BLOCK, start);
                start -= size;
                byte[] block = new byte[size];
                log.seek(start);
                log.readFully(block);
                byte[] joined = Arrays.copyOf(block, size + tail.length);
                System.arraycopy(tail, 0, joined, size, tail.length);
                tail = joined;
            }
            List<String> lines = new ArrayList<>(Arrays.asList(new String(tail, StandardCharsets.UTF_8).split("\n", -1)));
            if (!lines.isEmpty() && lines.get(lines.size() - 1).isEmpty()) {
                lines.remove(lines.size() - 1);
            }
            if (start > 0 && !lines.isEmpty()) {
                lines.remove(0);
            }
            return List.copyOf(lines.subList(Math.max(0, lines.size() - count), lines.size()));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
    }

    private static int newlines(byte[] bytes) {
        int count = 0;
        for (byte b : bytes) {
            if (b == '\n') {
                count++;
            }
        }
        return count;
    }
}
