package io.etcdpanel.backup;

/** A backup cancelled by the panel's shutdown before its file was committed; it leaves nothing behind. */
class BackupCancelled extends RuntimeException {

    BackupCancelled(String message) {
        super(message);
    }
}
