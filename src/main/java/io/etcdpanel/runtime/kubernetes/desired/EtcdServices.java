package io.etcdpanel.runtime.kubernetes.desired;

import io.etcdpanel.catalogue.ClusterSpec;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceBuilder;

/** Builds a cluster's two Services: the headless one that names each pod, and the one clients use. */
public final class EtcdServices {

    private EtcdServices() {
    }

    public static String headlessName(ClusterSpec spec) {
        return spec.name();
    }

    public static String clientName(ClusterSpec spec) {
        return spec.name() + "-client";
    }

    /**
     * {@code <name>}: gives each pod the DNS name {@code <pod>.<name>.<ns>.svc}, published before the pod is
     * ready, because members must reach each other to become ready at all.
     */
    public static Service headless(ClusterSpec spec) {
        return new ServiceBuilder()
                .withMetadata(EtcdObjects.metadata(spec, headlessName(spec)))
                .withNewSpec()
                .withClusterIP("None")
                .withPublishNotReadyAddresses(true)
                .withSelector(EtcdLabels.selector(spec))
                .addNewPort().withName("client").withPort(MemberAddresses.CLIENT_PORT).endPort()
                .addNewPort().withName("peer").withPort(MemberAddresses.PEER_PORT).endPort()
                .endSpec()
                .build();
    }

    /** {@code <name>-client}: one address for the cluster's clients, over the ready members. */
    public static Service client(ClusterSpec spec) {
        return new ServiceBuilder()
                .withMetadata(EtcdObjects.metadata(spec, clientName(spec)))
                .withNewSpec()
                .withSelector(EtcdLabels.selector(spec))
                .addNewPort().withName("client").withPort(MemberAddresses.CLIENT_PORT).endPort()
                .endSpec()
                .build();
    }
}
