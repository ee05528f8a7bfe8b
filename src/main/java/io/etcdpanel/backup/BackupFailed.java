package io.etcdpanel.backup;

/** A backup that could not be taken; {@code reason} is a short label for metrics, the message says what to do. */
class BackupFailed extends RuntimeException {

    private final String reason;

    BackupFailed(String reason, String message, Throwable cause) {
        super(message, cause);
        this.reason = reason;
    }

    String reason() {
        return reason;
    }
}
