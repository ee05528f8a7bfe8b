package io.etcdpanel.backup;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Path;
import java.util.Set;

/** Where snapshot files live. A snapshot is staged under a name nobody lists, then committed or aborted. */
public interface SnapshotStore {

    /** A snapshot being written: invisible until {@link #commit()}. */
    interface Staged extends AutoCloseable {

        OutputStream output();

        /** The staged bytes as a local file, once {@link #output()} is closed, for checking them. */
        Path file();

        /** Makes the snapshot durable and visible; returns its location. */
        String commit() throws IOException;

        /** Drops whatever was staged; safe to call after a commit (it then does nothing). */
        @Override
        void close();
    }

    Staged stage(String cluster, String id) throws IOException;

    InputStream open(String location) throws IOException;

    /** The snapshot as a local file, for etcd's tools to read. */
    Path localFile(String location) throws IOException;

    void delete(String location) throws IOException;

    /** Drops anything staged and never committed (a panel stopped mid-backup), but the staging of the given snapshot ids. */
    void dropStaged(Set<String> keep) throws IOException;
}
