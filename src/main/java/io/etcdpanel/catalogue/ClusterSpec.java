package io.etcdpanel.catalogue;

/** The desired shape of one etcd cluster, as a user asked for it. */
public record ClusterSpec(
        String name,
        int replicas,
        String version,
        String runtime,
        String namespace,
        Storage storage,
        Resources resources,
        long quotaBackendBytes) {

    public static final String DEFAULT_NAMESPACE = "default";
    public static final long DEFAULT_QUOTA_BACKEND_BYTES = 2L * 1024 * 1024 * 1024;

    /** Volume size and class of each member (kubernetes only). */
    public record Storage(String size, String storageClass) {
        public static final Storage DEFAULT = new Storage("8Gi", null);
    }

    /** CPU and memory of each member (kubernetes only). */
    public record Resources(String cpu, String memory) {
        public static final Resources DEFAULT = new Resources("500m", "1Gi");
    }

    public ClusterSpec withReplicas(int count) {
        return new ClusterSpec(name, count, version, runtime, namespace, storage, resources, quotaBackendBytes);
    }

    public ClusterSpec withStorageSize(String size) {
        return new ClusterSpec(name, replicas, version, runtime, namespace, new Storage(size, storage.storageClass()), resources,
                quotaBackendBytes);
    }

    /** Quorum of this many voting members. */
    public static int quorum(int members) {
        return members / 2 + 1;
    }
}
