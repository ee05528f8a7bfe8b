package io.etcdpanel.backup;

/** Where a snapshot stands. */
public enum SnapshotStatus {
    Running, Succeeded, Failed
}
