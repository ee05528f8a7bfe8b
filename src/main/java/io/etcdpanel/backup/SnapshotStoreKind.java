package io.etcdpanel.backup;

/** The kinds of snapshot store, each with the scheme of the locations it gives. */
public enum SnapshotStoreKind {
    FILESYSTEM("file"),
    S3("s3");

    private final String scheme;

    SnapshotStoreKind(String scheme) {
        this.scheme = scheme;
    }

    public String scheme() {
        return scheme;
    }
}
