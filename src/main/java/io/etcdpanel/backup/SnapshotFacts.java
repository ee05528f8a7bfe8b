package io.etcdpanel.backup;

/**
 * What is known of a snapshot file once it is checked and stored; {@code userKeys} (the keys a client sees, counted by the
 * panel alike on every release) is -1 when unknown (an import).
 */
record SnapshotFacts(long sizeBytes, long revision, long userKeys, String sha256, String etcdVersion, String takenFrom,
        String location) {
}
