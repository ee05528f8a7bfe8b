package io.etcdpanel.backup;

/** What is known of a snapshot file once it is checked and stored. */
record SnapshotFacts(long sizeBytes, long revision, long keyCount, String sha256, String etcdVersion, String takenFrom, String location) {
}
