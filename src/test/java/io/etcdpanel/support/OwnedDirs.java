package io.etcdpanel.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.function.Consumer;
import java.util.stream.Stream;

/**
 * Temporary dirs of the servers the tests start ({@link PostgresServer}, {@link S3Server}), each owned by the test JVM
 * whose pid it holds, so that the next JVM can sweep what a killed one left behind.
 */
final class OwnedDirs {

    private static final String OWNER_FILE = "owner.pid";
    /** A dir without an owner file yet is one being made now by another JVM, unless it is this old. */
    private static final Duration UNOWNED_GRACE = Duration.ofMinutes(10);

    private OwnedDirs() {
    }

    /** A fresh dir named for the sweep, with this JVM's pid in it. */
    static Path create(String prefix) {
        try {
            Path dir = Files.createTempDirectory(prefix);
            Files.writeString(dir.resolve(OWNER_FILE), Long.toString(ProcessHandle.current().pid()));
            return dir;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Hands each dir of the prefix whose owner process is gone to the sweeper (which stops its server and removes it). */
    static void sweepAbandoned(String prefix, Consumer<Path> sweeper) {
        try (Stream<Path> dirs = Files.list(Path.of(System.getProperty("java.io.tmpdir")))) {
            dirs.filter(path -> path.getFileName().toString().startsWith(prefix) && Files.isDirectory(path))
                    .filter(OwnedDirs::abandoned).forEach(sweeper);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static void deleteRecursively(Path dir) {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(path);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static boolean abandoned(Path dir) {
        Path owner = dir.resolve(OWNER_FILE);
        try {
            if (!Files.exists(owner)) {
                return Files.getLastModifiedTime(dir).toInstant().isBefore(Instant.now().minus(UNOWNED_GRACE));
            }
            long pid = Long.parseLong(Files.readString(owner).trim());
            return ProcessHandle.of(pid).map(process -> !process.isAlive()).orElse(true);
        } catch (IOException | NumberFormatException e) {
            return false;
        }
    }
}
