package io.etcdpanel.catalogue;

import java.time.Instant;

import com.fasterxml.jackson.annotation.JsonIgnore;

/**
 * A cluster as the catalogue holds it: its spec, its generation and its last recorded status; and,
 * once its deletion is asked for, whether its volumes are to be kept.
 */
public record ClusterView(
        String name,
        int replicas,
        String version,
        String runtime,
        String namespace,
        ClusterSpec.Storage storage,
        ClusterSpec.Resources resources,
        long quotaBackendBytes,
        long generation,
        Instant createdAt,
        Instant updatedAt,
        ClusterStatus status,
        @JsonIgnore boolean keepVolumes) {

    public ClusterSpec spec() {
        return new ClusterSpec(name, replicas, version, runtime, namespace, storage, resources, quotaBackendBytes);
    }

    public boolean deleting() {
        return status.phase() == Phase.Deleting;
    }

    /** Whether a restore holds the cluster; reconcile leaves it alone meanwhile. */
    public boolean restoring() {
        return status.phase() == Phase.Restoring;
    }
}
