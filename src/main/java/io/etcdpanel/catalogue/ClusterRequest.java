package io.etcdpanel.catalogue;

import io.swagger.v3.oas.annotations.media.Schema;
/** A cluster spec as a user sends it: any field may be missing and gets its default. */
public record ClusterRequest(
        @Schema(requiredMode = Schema.RequiredMode.REQUIRED, description = "a DNS-1123 label, unique in the catalogue",
                pattern = "^[a-z0-9]([-a-z0-9]*[a-z0-9])?$", maxLength = SpecValidator.MAX_NAME_LENGTH, example = "orders")
        String name,
        @Schema(description = "how many members; odd (an even number adds no quorum)", minimum = "1", maximum = "9",
                defaultValue = "3", example = "3")
        Integer replicas,
        @Schema(description = "the etcd version; GET /api/v1/runtimes says which each runtime runs (absent: its default)")
        String version,
        @Schema(description = "where the members run", allowableValues = {"local", "kubernetes"}, defaultValue = "local")
        String runtime,
        @Schema(description = "the Kubernetes namespace (kubernetes only)", pattern = "^[a-z0-9]([-a-z0-9]*[a-z0-9])?$",
                maxLength = 63, defaultValue = "default")
        String namespace,
        ClusterSpec.Storage storage,
        ClusterSpec.Resources resources,
        @Schema(description = "etcd's backend quota in bytes", minimum = "1", maximum = "8589934592")
        Long quotaBackendBytes) {
}
