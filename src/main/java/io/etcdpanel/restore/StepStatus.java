package io.etcdpanel.restore;

/** Where one step of a restore stands; a skipped step says why in its message. */
public enum StepStatus {
    Pending, Running, Succeeded, Skipped, Failed;

    boolean done() {
        return this == Succeeded || this == Skipped;
    }
}
