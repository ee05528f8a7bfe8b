package io.etcdpanel.runtime.kubernetes.desired;

import java.util.LinkedHashMap;
import java.util.Map;

import io.etcdpanel.catalogue.ClusterSpec;
import io.fabric8.kubernetes.api.model.ObjectMeta;

/** Owns the labels every object of a cluster carries, the ones that select its pods, and what "managed by the panel" means. */
public final class EtcdLabels {

    public static final String NAME = "app.kubernetes.io/name";
    public static final String INSTANCE = "app.kubernetes.io/instance";
    public static final String MANAGED_BY = "app.kubernetes.io/managed-by";
    public static final String ETCD = "etcd";
    public static final String PANEL = "etcd-panel";

    private EtcdLabels() {
    }

    /** The labels on every object the panel writes for this cluster. */
    public static Map<String, String> of(ClusterSpec spec) {
        Map<String, String> labels = new LinkedHashMap<>(selector(spec));
        labels.put(MANAGED_BY, PANEL);
        return labels;
    }

    /** The labels that pick the cluster's pods (selectors of the services, StatefulSet and budget). */
    public static Map<String, String> selector(ClusterSpec spec) {
        Map<String, String> labels = new LinkedHashMap<>();
        labels.put(NAME, ETCD);
        labels.put(INSTANCE, spec.name());
        return labels;
    }

    /** Whether an object says the panel manages it; the panel never changes or deletes one that does not. */
    public static boolean isManaged(ObjectMeta metadata) {
        return metadata != null && metadata.getLabels() != null && PANEL.equals(metadata.getLabels().get(MANAGED_BY));
    }
}
