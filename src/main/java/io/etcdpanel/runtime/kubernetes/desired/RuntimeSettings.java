package io.etcdpanel.runtime.kubernetes.desired;

/** The settings of the Kubernetes runtime that shape a cluster's objects: where the etcd image comes from. */
public record RuntimeSettings(String imageRepository) {

    public static final String DEFAULT_IMAGE_REPOSITORY = "gcr.io/etcd-development/etcd";
    public static final RuntimeSettings DEFAULT = new RuntimeSettings(DEFAULT_IMAGE_REPOSITORY);

    public RuntimeSettings {
        if (imageRepository == null || imageRepository.isBlank()) {
            imageRepository = DEFAULT_IMAGE_REPOSITORY;
        }
    }
}
