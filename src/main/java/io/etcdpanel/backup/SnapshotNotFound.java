package io.etcdpanel.backup;

/** No snapshot has that id. */
public class SnapshotNotFound extends RuntimeException {

    public SnapshotNotFound(String id) {
        super("no snapshot with id " + id);
    }
}
