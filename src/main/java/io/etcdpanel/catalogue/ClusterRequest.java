package io.etcdpanel.catalogue;

/** A cluster spec as a user sends it: any field may be missing and gets its default. */
public record ClusterRequest(
        String name,
        Integer replicas,
        String version,
        String runtime,
        String namespace,
        ClusterSpec.Storage storage,
        ClusterSpec.Resources resources,
        Long quotaBackendBytes) {
}
