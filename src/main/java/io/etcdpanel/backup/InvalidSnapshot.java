package io.etcdpanel.backup;

/** A file that is not a whole, uncorrupted etcd snapshot; the message says what is wrong. */
public class InvalidSnapshot extends RuntimeException {

    public InvalidSnapshot(String message) {
        super(message);
    }
}
