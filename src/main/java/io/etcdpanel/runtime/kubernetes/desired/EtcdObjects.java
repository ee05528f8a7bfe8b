package io.etcdpanel.runtime.kubernetes.desired;

import io.etcdpanel.catalogue.ClusterSpec;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;

/** Owns where a cluster's objects live and the metadata they share. */
public final class EtcdObjects {

    private EtcdObjects() {
    }

    /** The spec's namespace, {@code default} when it names none. */
    public static String namespace(ClusterSpec spec) {
        return spec.namespace() == null || spec.namespace().isBlank() ? ClusterSpec.DEFAULT_NAMESPACE : spec.namespace();
    }

    static ObjectMeta metadata(ClusterSpec spec, String name) {
        return new ObjectMetaBuilder()
                .withName(name)
                .withNamespace(namespace(spec))
                .withLabels(EtcdLabels.of(spec))
                .build();
    }
}
