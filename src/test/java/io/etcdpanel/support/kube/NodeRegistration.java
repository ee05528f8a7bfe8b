package io.etcdpanel.support.kube;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.temporal.ChronoUnit;
import java.util.Map;

import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeBuilder;
import io.fabric8.kubernetes.api.model.NodeCondition;
import io.fabric8.kubernetes.api.model.NodeConditionBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.coordination.v1.Lease;
import io.fabric8.kubernetes.api.model.coordination.v1.LeaseBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;

/**
 * The agent's Node: Ready, with the bridge address as its InternalIP and some allocatable room, and a kubelet-style
 * Lease in kube-node-lease renewed by {@link #heartbeat()} (the harness runs no node-lifecycle controller, so nothing
 * needs it yet; a control plane that does would otherwise mark the node NotReady after 40 s).
 */
final class NodeRegistration {

    static final String LEASE_NAMESPACE = "kube-node-lease";
    private static final int LEASE_SECONDS = 40;

    private final KubernetesClient client;
    private final String name;
    private final String internalIp;
    private int kubeletPort;

    /** @param kubeletPort where the API server finds this node's kubelet endpoint (pods/log), on the InternalIP */
    NodeRegistration(KubernetesClient client, String name, String internalIp, int kubeletPort) {
        this.client = client;
        this.name = name;
        this.internalIp = internalIp;
        this.kubeletPort = kubeletPort;
    }

    /** Creates the Node, replacing one of the same name a killed run may have left. */
    void register() {
        if (client.nodes().withName(name).get() != null) {
            client.nodes().withName(name).withGracePeriod(0).delete();
        }
        Node created = client.nodes().resource(new NodeBuilder()
                .withNewMetadata().withName(name).withLabels(Map.of(
                        "kubernetes.io/hostname", name, "kubernetes.io/os", "linux", "kubernetes.io/arch", "amd64",
                        "etcd-panel.io/test-node-agent", "true")).endMetadata()
                .withNewSpec().endSpec()
                .build()).create();
        String now = now();
        Map<String, Quantity> room = Map.of(
                "cpu", new Quantity(Integer.toString(Runtime.getRuntime().availableProcessors())),
                "memory", new Quantity("8Gi"), "pods", new Quantity("110"), "ephemeral-storage", new Quantity("20Gi"));
        created.setStatus(new io.fabric8.kubernetes.api.model.NodeStatusBuilder()
                .withConditions(condition("Ready", "True", "KubeletReady", "test node agent is posting ready status", now),
                        condition("MemoryPressure", "False", "KubeletHasSufficientMemory", "", now),
                        condition("DiskPressure", "False", "KubeletHasNoDiskPressure", "", now),
                        condition("PIDPressure", "False", "KubeletHasSufficientPID", "", now))
                // no Hostname address: the API server would try it first (--kubelet-preferred-address-types), and no DNS knows it
                .addNewAddress().withType("InternalIP").withAddress(internalIp).endAddress()
                .withCapacity(room).withAllocatable(room)
                .withNewDaemonEndpoints().withNewKubeletEndpoint().withPort(kubeletPort).endKubeletEndpoint().endDaemonEndpoints()
                .withNewNodeInfo().withArchitecture("amd64").withOperatingSystem("linux").withOsImage("test node agent")
                .withKernelVersion(System.getProperty("os.version")).withKubeletVersion(kubeletVersion())
                .withContainerRuntimeVersion("test-node-agent://1").withMachineID(name).withSystemUUID(name).withBootID(name)
                .endNodeInfo()
                .build());
        client.nodes().resource(created).updateStatus();
        heartbeat();
    }

    /** Points the API server at another kubelet endpoint on the InternalIP (pods/log, pods/portforward). */
    void moveKubeletEndpoint(int port) {
        kubeletPort = port;
        client.nodes().withName(name).editStatus(node -> {
            node.getStatus().getDaemonEndpoints().getKubeletEndpoint().setPort(port);
            return node;
        });
    }

    /** Renews the Lease (creating it, owned by the Node, when missing). */
    void heartbeat() {
        ZonedDateTime now = ZonedDateTime.now(ZoneOffset.UTC).truncatedTo(ChronoUnit.MICROS);
        Lease lease = client.leases().inNamespace(LEASE_NAMESPACE).withName(name).get();
        if (lease == null) {
            Node node = client.nodes().withName(name).get();
            if (node == null) {
                return;
            }
            client.leases().inNamespace(LEASE_NAMESPACE).resource(new LeaseBuilder()
                    .withNewMetadata().withName(name).withNamespace(LEASE_NAMESPACE)
                    .addNewOwnerReference().withApiVersion("v1").withKind("Node").withName(name)
                    .withUid(node.getMetadata().getUid()).endOwnerReference()
                    .endMetadata()
                    .withNewSpec().withHolderIdentity(name).withLeaseDurationSeconds(LEASE_SECONDS).withRenewTime(now).endSpec()
                    .build()).create();
        } else {
            lease.getSpec().setRenewTime(now);
            client.leases().inNamespace(LEASE_NAMESPACE).resource(lease).update();
        }
    }

    void deregister() {
        client.leases().inNamespace(LEASE_NAMESPACE).withName(name).delete();
        client.nodes().withName(name).withGracePeriod(0).delete();
    }

    private String kubeletVersion() {
        try {
            return client.getKubernetesVersion().getGitVersion();
        } catch (RuntimeException e) {
            return "v0.0.0-test-node-agent";
        }
    }

    private static NodeCondition condition(String type, String status, String reason, String message, String now) {
        return new NodeConditionBuilder().withType(type).withStatus(status).withReason(reason).withMessage(message)
                .withLastHeartbeatTime(now).withLastTransitionTime(now).build();
    }

    private static String now() {
        return Instant.now().truncatedTo(ChronoUnit.SECONDS).toString();
    }
}
