package io.etcdpanel.runtime.kubernetes.desired;

import io.etcdpanel.catalogue.ClusterSpec;

/** Owns a member's stable addresses in its pod: the DNS name the headless Service gives it, and its ports. */
public final class MemberAddresses {

    public static final int CLIENT_PORT = 2379;
    public static final int PEER_PORT = 2380;

    private MemberAddresses() {
    }

    /** {@code <pod>.<name>.<ns>.svc} */
    public static String host(ClusterSpec spec, String member) {
        return member + "." + EtcdServices.headlessName(spec) + "." + EtcdObjects.namespace(spec) + ".svc";
    }

    public static String clientUrl(ClusterSpec spec, String member) {
        return "http://" + host(spec, member) + ":" + CLIENT_PORT;
    }

    public static String peerUrl(ClusterSpec spec, String member) {
        return "http://" + host(spec, member) + ":" + PEER_PORT;
    }
}
