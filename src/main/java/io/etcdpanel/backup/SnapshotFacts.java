package io.etcdpanel.backup;

/** What is known of a snapshot file once it is checked and stored; {@code userKeys} is -1 when unknown (an import). */
record SnapshotFacts(long sizeBytes, long revision, long keyCount, long userKeys, String sha256, String etcdVersion, String takenFrom,
        String location) {
}
