package io.etcdpanel.backup;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;

/**
 * The snapshot store the backups use: a new snapshot goes to the store chosen for its cluster; a snapshot is read and
 * deleted by the store its location's scheme names ({@code file:} or {@code s3:}), so snapshots taken before the
 * choice changed keep working.
 */
final class SnapshotStores implements SnapshotStore, AutoCloseable {

    private final Map<SnapshotStoreKind, SnapshotStore> stores;
    private final BackupProperties properties;

    SnapshotStores(Map<SnapshotStoreKind, SnapshotStore> stores, BackupProperties properties) {
        this.stores = Map.copyOf(stores);
        this.properties = properties;
    }

    @Override
    public Staged stage(String cluster, String id) throws IOException {
        return store(properties.storeFor(cluster)).stage(cluster, id);
    }

    @Override
    public InputStream open(String location) throws IOException {
        return storeOf(location).open(location);
    }

    @Override
    public Path localFile(String location) throws IOException {
        return storeOf(location).localFile(location);
    }

    @Override
    public void delete(String location) throws IOException {
        storeOf(location).delete(location);
    }

    @Override
    public void dropStaged(Set<String> keep) throws IOException {
        for (SnapshotStore store : stores.values()) {
            store.dropStaged(keep);
        }
    }

    @Override
    public void close() throws Exception {
        for (SnapshotStore store : stores.values()) {
            if (store instanceof AutoCloseable closeable) {
                closeable.close();
            }
        }
    }

    private SnapshotStore storeOf(String location) {
        String scheme = location.substring(0, Math.max(location.indexOf(':'), 0));
        for (SnapshotStoreKind kind : SnapshotStoreKind.values()) {
            if (kind.scheme().equals(scheme)) {
                return store(kind);
            }
        }
        throw new IllegalArgumentException("no snapshot store reads " + location);
    }

    private SnapshotStore store(SnapshotStoreKind kind) {
        SnapshotStore store = stores.get(kind);
        if (store == null) {
            throw new IllegalStateException("the " + kind.scheme() + " snapshot store is not configured (etcdpanel.backup.s3.bucket)");
        }
        return store;
    }
}
