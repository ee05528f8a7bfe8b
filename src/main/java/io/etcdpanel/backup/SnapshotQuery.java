package io.etcdpanel.backup;

/** Which snapshots a listing asks for: one cluster's or every cluster's (null), and those whose cluster is gone, kept, or either (null). */
public record SnapshotQuery(String cluster, Boolean orphaned) {

    public static final SnapshotQuery ALL = new SnapshotQuery(null, null);

    boolean admits(ListedSnapshot listed) {
        return (cluster == null || cluster.equals(listed.snapshot().cluster()))
                && (orphaned == null || orphaned == listed.orphaned());
    }
}
