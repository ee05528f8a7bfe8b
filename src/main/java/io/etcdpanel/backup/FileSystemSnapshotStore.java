package io.etcdpanel.backup;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

import io.etcdpanel.config.PanelProperties;

/**
 * The default store: {@code <root>/<cluster>/<id>.db}, staged as {@code .<id>.part} beside it,
 * fsynced, then renamed into place (and the directory fsynced) so a crash leaves no half file visible.
 */
class FileSystemSnapshotStore implements SnapshotStore {

    private static final String PART = ".part";
    private static final int WRITE_BUFFER = 1 << 20;
    private final Path root;

    FileSystemSnapshotStore(BackupProperties properties, PanelProperties panel) {
        this.root = (properties.storePath() != null ? properties.storePath() : panel.absoluteDataDir().resolve("snapshots"))
                .toAbsolutePath().normalize();
    }

    @Override
    public Staged stage(String cluster, String id) throws IOException {
        Path dir = Files.createDirectories(root.resolve(cluster));
        Path staged = dir.resolve("." + id + ".db" + PART);
        Path target = dir.resolve(id + ".db");
        OutputStream output = new BufferedOutputStream(
                Files.newOutputStream(staged, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE), WRITE_BUFFER);
        return new Staged() {
            private boolean committed;

            @Override
            public OutputStream output() {
                return output;
            }

            @Override
            public Path file() {
                return staged;
            }

            @Override
            public String commit() throws IOException {
                output.close();
                try (FileChannel channel = FileChannel.open(staged, StandardOpenOption.WRITE)) {
                    channel.force(true);
                }
                Files.move(staged, target, StandardCopyOption.ATOMIC_MOVE);
                try (FileChannel directory = FileChannel.open(dir, StandardOpenOption.READ)) {
                    directory.force(true);
                }
                committed = true;
                return target.toUri().toString();
            }

            @Override
            public void close() {
                try {
                    output.close();
                    if (!committed) {
                        Files.deleteIfExists(staged);
                    }
                } catch (IOException e) {
                    throw new java.io.UncheckedIOException("cannot drop staged snapshot " + staged, e);
                }
            }
        };
    }

    @Override
    public InputStream open(String location) throws IOException {
        return Files.newInputStream(path(location));
    }

    @Override
    public Path localFile(String location) {
        return path(location);
    }

    @Override
    public void delete(String location) throws IOException {
        Files.deleteIfExists(path(location));
    }

    @Override
    public void dropStaged(Set<String> keep) throws IOException {
        if (!Files.isDirectory(root)) {
            return;
        }
        List<Path> staged;
        try (Stream<Path> files = Files.walk(root, 2)) {
            staged = files.filter(file -> file.getFileName().toString().endsWith(PART))
                    .filter(file -> keep.stream().noneMatch(id -> file.getFileName().toString().equals("." + id + ".db" + PART))).toList();
        }
        for (Path file : staged) {
            Files.deleteIfExists(file);
        }
    }

    /** Only locations under the store's root are opened or deleted. */
    private Path path(String location) {
        Path file = Path.of(java.net.URI.create(location)).normalize();
        if (!file.startsWith(root)) {
            throw new IllegalArgumentException("not a location of this store: " + location);
        }
        return file;
    }
}
