package io.etcdpanel.backup;

/** A backup of the cluster is already running. */
public class BackupAlreadyRunning extends RuntimeException {

    public BackupAlreadyRunning(String cluster) {
        super("a backup of " + cluster + " is already running; wait for it to finish");
    }
}
