package io.etcdpanel.restore;

/** A snapshot handoff token that is unknown, already used or expired. */
public class HandoffRefused extends RuntimeException {

    public HandoffRefused() {
        super("this snapshot link is unknown, used or expired: a restore Job gets a new one each time it runs");
    }
}
