package io.etcdpanel.runtime.kubernetes.desired;

/**
 * The settings of the Kubernetes runtime that shape a cluster's objects: where the etcd image comes from,
 * and the small image with a shell and wget that fetches a snapshot for a restore.
 */
public record RuntimeSettings(String imageRepository, String toolsImage) {

    public static final String DEFAULT_IMAGE_REPOSITORY = "gcr.io/etcd-development/etcd";
    public static final String DEFAULT_TOOLS_IMAGE = "busybox:1.36";
    public static final RuntimeSettings DEFAULT = new RuntimeSettings(DEFAULT_IMAGE_REPOSITORY, DEFAULT_TOOLS_IMAGE);

    public RuntimeSettings {
        if (imageRepository == null || imageRepository.isBlank()) {
            imageRepository = DEFAULT_IMAGE_REPOSITORY;
        }
        if (toolsImage == null || toolsImage.isBlank()) {
            toolsImage = DEFAULT_TOOLS_IMAGE;
        }
    }
}
