package io.etcdpanel.runtime.kubernetes;

import java.net.InetAddress;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.LockSupport;

import io.etcdpanel.runtime.MemberNames;
import io.etcdpanel.runtime.kubernetes.desired.MemberAddresses;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.LocalPortForward;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Owns the panel's port-forwards to member pods ({@code member-access: port-forward}): a loopback port per member the
 * runtime lists, forwarded to the pod of that name, opened again when the pod is replaced (another uid or address)
 * or the forward stopped, on the same port where it is still free, so the member's address stays the same for the
 * panel's etcd clients from before its pod exists until the member is deleted; closed with the member, its cluster
 * and the panel. Each connection to a port is its own stream through the API server's {@code pods/portforward},
 * opened within the client's connection timeout; while there is no pod it is refused there.
 */
final class MemberForwards implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(MemberForwards.class);
    private static final Duration REBIND_WAIT = Duration.ofSeconds(1);
    private static final Duration REBIND_STEP = Duration.ofMillis(10);

    /** A forward and the pod (uid and address, null while there is none) it was opened for. */
    private record Forward(String podUid, String podIp, LocalPortForward handle) {

        boolean reaches(String uid, String ip) {
            return handle.isAlive() && Objects.equals(podUid, uid) && Objects.equals(podIp, ip);
        }
    }

    private final KubernetesClient client;
    private final Map<String, Forward> open = new ConcurrentHashMap<>();
    /** Each member's port, kept when its forward is opened again. */
    private final Map<String, Integer> ports = new ConcurrentHashMap<>();
    private volatile boolean closed;

    MemberForwards(KubernetesClient client) {
        this.client = client;
    }

    /**
     * {@code http://127.0.0.1:<port>}, forwarded to the member's pod (when it has one); empty when no port could be
     * bound, or when there is no forward yet and the member is neither started nor has a pod that is not going (a
     * cluster being deleted gets none again).
     */
    Optional<String> clientUrl(String namespace, String member, Pod pod, boolean started) {
        String key = namespace + "/" + member;
        boolean live = pod != null && pod.getMetadata().getDeletionTimestamp() == null;
        String uid = live ? pod.getMetadata().getUid() : null;
        String ip = live && pod.getStatus() != null ? pod.getStatus().getPodIP() : null;
        if (!closed) {
            open.compute(key, (ignored, current) -> {
                if (current == null && !started && !live) {
                    return null;
                }
                return current != null && current.reaches(uid, ip) ? current : reopen(namespace, member, current, uid, ip);
            });
        }
        return Optional.ofNullable(ports.get(key)).map(port -> "http://127.0.0.1:" + port);
    }

    /** Closes the forwards of the cluster's members that are not among these (deleted, scaled in). */
    void retain(String namespace, String cluster, Set<String> members) {
        membersOf(namespace, cluster).stream().filter(member -> !members.contains(member)).forEach(member -> forget(namespace, member));
    }

    /** Closes the member's forward and gives its port up. */
    void forget(String namespace, String member) {
        String key = namespace + "/" + member;
        Optional.ofNullable(open.remove(key)).ifPresent(MemberForwards::close);
        ports.remove(key);
    }

    /** Closes the forwards of every member of the cluster and gives their ports up. */
    void forgetCluster(String namespace, String cluster) {
        membersOf(namespace, cluster).forEach(member -> forget(namespace, member));
    }

    @Override
    public void close() {
        closed = true;
        open.values().forEach(MemberForwards::close);
        open.clear();
    }

    private List<String> membersOf(String namespace, String cluster) {
        return ports.keySet().stream().filter(key -> key.startsWith(namespace + "/"))
                .map(key -> key.substring(namespace.length() + 1)).filter(member -> MemberNames.ordinal(cluster, member) >= 0).toList();
    }

    private Forward reopen(String namespace, String member, Forward current, String uid, String ip) {
        if (current != null) {
            close(current);
        }
        String key = namespace + "/" + member;
        Integer port = ports.get(key);
        LocalPortForward handle = port == null ? null : forwardAgain(namespace, member, port);
        if (handle == null) {
            handle = forward(namespace, member);
        }
        if (handle == null) {
            ports.remove(key);
            return null;
        }
        ports.put(key, handle.getLocalPort());
        log.info("forwarding 127.0.0.1:{} to port {} of pod {} (uid {}, address {})", handle.getLocalPort(), MemberAddresses.CLIENT_PORT,
                key, uid, ip);
        return new Forward(uid, ip, handle);
    }

    /**
     * A forward from the port the member had. A closed forward's port is freed by its accepting thread once that
     * wakes up, a moment after the close: the bind is tried again until {@link #REBIND_WAIT} is over.
     */
    private LocalPortForward forwardAgain(String namespace, String member, int port) {
        long end = System.nanoTime() + REBIND_WAIT.toNanos();
        while (true) {
            try {
                return bind(namespace, member, port);
            } catch (RuntimeException taken) {
                if (System.nanoTime() > end) {
                    log.info("port {} of pod {}/{} is taken: {}", port, namespace, member, taken.toString());
                    return null;
                }
                LockSupport.parkNanos(REBIND_STEP.toNanos());
            }
        }
    }

    /** A forward from any free loopback port, or null when none can be bound. */
    private LocalPortForward forward(String namespace, String member) {
        try {
            return bind(namespace, member, 0);
        } catch (RuntimeException e) {
            log.warn("no port-forward to pod {}/{}: {}", namespace, member, e.toString());
            return null;
        }
    }

    /** Listens on this port of 127.0.0.1 (0: any free one); only a connection to it reaches the API server. */
    private LocalPortForward bind(String namespace, String member, int port) {
        return client.pods().inNamespace(namespace).withName(member)
                .portForward(MemberAddresses.CLIENT_PORT, InetAddress.getLoopbackAddress(), port);
    }

    private static void close(Forward forward) {
        try {
            forward.handle().close();
        } catch (java.io.IOException | RuntimeException e) {
            log.debug("closing a port-forward: {}", e.toString());
        }
    }
}
