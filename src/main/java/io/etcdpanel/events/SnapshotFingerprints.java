package io.etcdpanel.events;

import java.util.Optional;

/** The sha256 of a stored snapshot, for the audit to name exactly which file a change was about. */
public interface SnapshotFingerprints {

    Optional<String> sha256(String snapshotId);
}
