package io.etcdpanel.runtime;

import java.nio.file.Path;
import java.time.Duration;

/** Hands a snapshot file to whoever must fetch it over HTTP from the panel (a restore Job's pod): a path, good once. */
public interface SnapshotLinks {

    /** The path, on the panel's own HTTP server, that serves the file to the first request within {@code validFor}. */
    String oneTimePath(Path snapshot, Duration validFor);
}
