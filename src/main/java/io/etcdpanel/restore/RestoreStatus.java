package io.etcdpanel.restore;

/** Where a restore stands. */
public enum RestoreStatus {
    Pending, Running, Succeeded, Failed
}
