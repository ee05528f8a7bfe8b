package io.etcdpanel.backup;

/** A snapshot in a listing of every cluster's, and whether it is orphaned: its cluster is no longer in the catalogue. */
public record ListedSnapshot(SnapshotView snapshot, boolean orphaned) {
}
