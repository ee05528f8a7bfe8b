package io.etcdpanel.support.kube;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import io.etcdpanel.support.EtcdReaper;
import io.etcdpanel.support.EtcdTestClient;
import io.etcdpanel.support.KubeHarness;
import io.etcdpanel.support.Poll;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.fabric8.kubernetes.api.model.apps.StatefulSetBuilder;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudgetBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The test node agent makes the pods of a StatefulSet written as docs/kubernetes-runtime.md says real etcd members:
 * each its own process, network namespace and address, its data kept in its claim across pod restarts, its config
 * read from the members ConfigMap as the panel writes it, and nothing left on the host when the pods are gone.
 */
class TestNodeAgentIT {

    @RegisterExtension
    static final KubeHarness KUBE = new KubeHarness();

    private static final String PREFIX = "tnait";
    private static final String SUBNET = "10.213.71.0/24";
    private static final String FIELD_MANAGER = "etcd-panel";
    private static final Duration DEADLINE = Duration.ofSeconds(90);

    private static TestNodeAgent agent;
    private final List<String> namespaces = new ArrayList<>();

    @BeforeAll
    static void startAgent() {
        agent = new TestNodeAgent(KUBE.client(), TestNodeAgent.options(PREFIX, SUBNET));
    }

    @AfterAll
    static void closeAgentAndLeaveNothing() {
        if (agent == null) {
            return;
        }
        agent.close();
        assertThat(TestNodeAgent.leftovers(PREFIX)).as("the host after close").isEmpty();
        assertThat(KUBE.client().nodes().withName(agent.nodeName()).get()).as("the agent's Node after close").isNull();
    }

    /** Deleted, not waited for: the namespace controller takes ~15 s, and the cleanup test waits for everything. */
    @AfterEach
    void deleteNamespaces() {
        namespaces.forEach(namespace -> KUBE.client().namespaces().withName(namespace).delete());
    }

    @Test
    void threeEtcdPodsRunReadyOnTheirOwnAddressesAndFormOneClusterWithOneLeader() throws IOException {
        KubernetesClient client = KUBE.client();
        Cluster cluster = new Cluster("agent-form", "alpha", 3);
        cluster.apply(List.of(0, 1, 2));

        List<Pod> pods = cluster.awaitReady(List.of(0, 1, 2));

        assertThat(pods).allSatisfy(pod -> {
            assertThat(pod.getSpec().getNodeName()).isEqualTo(agent.nodeName());
            assertThat(pod.getStatus().getPhase()).isEqualTo("Running");
            assertThat(pod.getStatus().getHostIP()).isEqualTo(agent.hostIp());
            assertThat(pod.getStatus().getPodIP()).startsWith("10.213.71.");
            assertThat(pod.getStatus().getPodIPs()).singleElement().satisfies(ip -> assertThat(ip.getIp()).isEqualTo(pod.getStatus().getPodIP()));
            ContainerStatus container = pod.getStatus().getContainerStatuses().get(0);
            assertThat(container.getState().getRunning()).isNotNull();
            assertThat(container.getRestartCount()).isZero();
            assertThat(container.getStarted()).as("the startup probe passed").isTrue();
            assertThat(container.getReady()).isTrue();
        });
        assertThat(pods).extracting(pod -> pod.getStatus().getPodIP()).doesNotHaveDuplicates();

        Map<String, String> memberIds = new LinkedHashMap<>();
        for (Pod pod : pods) {
            try (EtcdTestClient etcd = new EtcdTestClient(endpoint(pod))) {
                List<String> members = etcd.memberNames();
                assertThat(members).extracting(member -> member.substring(0, member.indexOf('=')))
                        .containsExactly("alpha-0", "alpha-1", "alpha-2");
                members.forEach(member -> memberIds.put(member.substring(0, member.indexOf('=')), member.substring(member.indexOf('=') + 1)));
            }
        }
        Set<String> leaders = new HashSet<>();
        for (Pod pod : pods) {
            leaders.add(status(pod).leaderId());
        }
        assertThat(leaders).as("the leader each member names").hasSize(1);
        assertThat(memberIds.values()).contains(leaders.iterator().next());

        try (EtcdTestClient first = new EtcdTestClient(endpoint(pods.get(0)));
                EtcdTestClient last = new EtcdTestClient(endpoint(pods.get(2)))) {
            first.put("/agent/written-on-0", "hello");
            Poll.until("alpha-2 to read what alpha-0 wrote", DEADLINE, () -> "hello".equals(last.get("/agent/written-on-0")));
        }
        assertThat(Files.readString(agent.podLog("agent-form", "alpha-1")))
                .contains("--config-file=/etc/etcd-panel/alpha-1.yaml")
                .contains("ready to serve client requests");
        // pods/log, through the API server to the agent's kubelet endpoint
        assertThat(client.pods().inNamespace("agent-form").withName("alpha-1").getLog())
                .contains("ready to serve client requests").doesNotContain("test node agent");
        assertThat(client.pods().inNamespace("agent-form").withName("alpha-1").tailingLines(2).getLog().strip().lines()).hasSize(2);
        assertThat(client.persistentVolumeClaims().inNamespace("agent-form").list().getItems())
                .extracting(claim -> claim.getMetadata().getName())
                .containsExactlyInAnyOrder("data-alpha-0", "data-alpha-1", "data-alpha-2");
    }

    @Test
    void deletedPodIsKilledRecreatedAndComesBackWithItsDataAndMemberId() throws IOException {
        KubernetesClient client = KUBE.client();
        Cluster cluster = new Cluster("agent-rejoin", "beta", 3);
        cluster.apply(List.of(0, 1, 2));
        List<Pod> pods = cluster.awaitReady(List.of(0, 1, 2));
        List<String> membersBefore;
        try (EtcdTestClient etcd = new EtcdTestClient(endpoint(pods.get(0)))) {
            etcd.put("/agent/kept", "across the restart");
            membersBefore = etcd.memberNames();
        }
        Pod old = pods.get(1);
        ProcessHandle oldProcess = processOf("agent-rejoin/beta-1");

        client.pods().inNamespace("agent-rejoin").withName("beta-1").delete();

        Poll.until("the old beta-1 process to end", DEADLINE, () -> !oldProcess.isAlive());
        Pod back = Poll.untilValue("beta-1 recreated by the StatefulSet controller, running and ready", DEADLINE, () -> {
            Pod pod = client.pods().inNamespace("agent-rejoin").withName("beta-1").get();
            return pod != null && !pod.getMetadata().getUid().equals(old.getMetadata().getUid()) && ready(pod) ? pod : null;
        });
        assertThat(processOf("agent-rejoin/beta-1").pid()).isNotEqualTo(oldProcess.pid());
        try (EtcdTestClient etcd = new EtcdTestClient(endpoint(back))) {
            // its own data: a revision and a member list only its kept data dir can give right after it starts
            Poll.until("beta-1 to serve the key written before it was deleted", DEADLINE,
                    () -> "across the restart".equals(etcd.get("/agent/kept")));
            assertThat(etcd.memberNames()).isEqualTo(membersBefore);
        }
        assertThat(status(back).memberId()).isEqualTo(idOf(membersBefore, "beta-1"));
        // etcd says so itself: it found its data dir and restarted as the member it was
        assertThat(Files.readString(agent.podLog("agent-rejoin", "beta-1"))).contains("restarting member " + idOf(membersBefore, "beta-1"));
    }

    @Test
    void podWhoseConfigKeyIsMissingRestartsUntilThePanelAddsItThenJoins() throws IOException {
        KubernetesClient client = KUBE.client();
        Cluster cluster = new Cluster("agent-grow", "gamma", 3);
        cluster.apply(List.of(0, 1)); // the panel has started two members; the third pod has no config yet

        List<Pod> two = cluster.awaitReady(List.of(0, 1));
        Pod waiting = Poll.untilValue("gamma-2 restarted at least twice", DEADLINE, () -> {
            Pod pod = client.pods().inNamespace("agent-grow").withName("gamma-2").get();
            return pod != null && pod.getStatus().getContainerStatuses() != null && !pod.getStatus().getContainerStatuses().isEmpty()
                    && pod.getStatus().getContainerStatuses().get(0).getRestartCount() >= 2 ? pod : null;
        });
        assertThat(ready(waiting)).isFalse();
        assertThat(Files.readString(agent.podLog("agent-grow", "gamma-2"))).contains("gamma-2.yaml");
        assertThat(client.pods().inNamespace("agent-grow").withName("gamma-2").inContainer("etcd").terminated().getLog())
                .as("the previous run's output, through pods/log").contains("/etc/etcd-panel/gamma-2.yaml");

        try (EtcdTestClient etcd = new EtcdTestClient(endpoint(two.get(0)))) {
            // etcd refuses a member while its peers have been connected for less than 5 s ("unhealthy cluster"): the panel retries too
            Poll.untilValue("gamma-2 added as a member", DEADLINE, () -> etcd.addMember("http://gamma-2.gamma.agent-grow.svc:2380"));
            cluster.apply(List.of(0, 1, 2), "existing");

            Pod joined = cluster.awaitReady(List.of(2)).get(0);

            assertThat(etcd.memberNames()).extracting(member -> member.substring(0, member.indexOf('=')))
                    .containsExactly("gamma-0", "gamma-1", "gamma-2");
            try (EtcdTestClient third = new EtcdTestClient(endpoint(joined))) {
                third.put("/agent/from-the-new-member", "joined");
                Poll.until("gamma-0 to read what gamma-2 wrote", DEADLINE, () -> "joined".equals(etcd.get("/agent/from-the-new-member")));
            }
        }
    }

    @Test
    void deletingTheNamespaceLeavesNoProcessNetworkNamespaceVethHostsEntryOrClaimDirectory() {
        KubernetesClient client = KUBE.client();
        Cluster cluster = new Cluster("agent-gone", "delta", 3);
        cluster.apply(List.of(0, 1, 2));
        cluster.awaitReady(List.of(0, 1, 2));
        assertThat(agent.hostResources().processes()).filteredOn(process -> process.contains(" agent-gone/delta-")).hasSize(3);

        client.namespaces().withName("agent-gone").delete();

        Poll.until("namespace agent-gone gone", DEADLINE, () -> client.namespaces().withName("agent-gone").get() == null);
        // the other tests delete their namespaces after each: once those are gone too, nothing of any pod may be left
        Poll.until("every test namespace gone", DEADLINE, () -> client.namespaces().list().getItems().stream()
                .noneMatch(namespace -> namespace.getMetadata().getName().startsWith("agent-")));
        TestNodeAgent.HostResources left = Poll.untilValue("nothing of the pods left on the host", Duration.ofSeconds(10),
                () -> agent.hostResources().none() ? agent.hostResources() : null);
        assertThat(left.processes()).isEmpty();
        assertThat(left.netns()).isEmpty();
        assertThat(left.links()).isEmpty();
        assertThat(left.etcNetns()).isEmpty();
        assertThat(left.claimDirs()).isEmpty();
        assertThat(ProcessHandle.allProcesses().map(process -> EtcdReaper.commandLine(process.pid())))
                .noneMatch(command -> command.contains("--config-file=/etc/etcd-panel/delta-"));
    }

    /** The objects of one catalogue cluster as docs/kubernetes-runtime.md has the panel write them. */
    private final class Cluster {

        private final String namespace;
        private final String name;
        private final int replicas;
        private final Map<String, String> labels;

        Cluster(String namespace, String name, int replicas) {
            this.namespace = namespace;
            this.name = name;
            this.replicas = replicas;
            this.labels = Map.of("app.kubernetes.io/name", "etcd", "app.kubernetes.io/instance", name,
                    "app.kubernetes.io/managed-by", "etcd-panel");
            namespaces.add(namespace);
        }

        /** Applies everything with the members that have a config key; a new cluster's members start with state new. */
        void apply(List<Integer> members) {
            apply(members, "new");
        }

        void apply(List<Integer> members, String lastMemberState) {
            KubernetesClient client = KUBE.client();
            apply(new NamespaceBuilder().withNewMetadata().withName(namespace).endMetadata().build());
            Map<String, String> configs = new LinkedHashMap<>();
            for (int member : members) {
                String state = member == members.get(members.size() - 1) ? lastMemberState : "new";
                configs.put(pod(member) + ".yaml", memberConfig(member, members, state));
            }
            apply(new ConfigMapBuilder().withNewMetadata().withName(name + "-members").withNamespace(namespace)
                    .withLabels(labels).endMetadata().withData(configs).build());
            apply(new ServiceBuilder().withNewMetadata().withName(name).withNamespace(namespace).withLabels(labels).endMetadata()
                    .withNewSpec().withClusterIP("None").withPublishNotReadyAddresses(true).withSelector(labels)
                    .addNewPort().withName("client").withPort(2379).endPort()
                    .addNewPort().withName("peer").withPort(2380).endPort()
                    .endSpec().build());
            apply(new ServiceBuilder().withNewMetadata().withName(name + "-client").withNamespace(namespace).withLabels(labels).endMetadata()
                    .withNewSpec().withSelector(labels).addNewPort().withName("client").withPort(2379).endPort().endSpec().build());
            apply(new PodDisruptionBudgetBuilder().withNewMetadata().withName(name).withNamespace(namespace).withLabels(labels).endMetadata()
                    .withNewSpec().withMaxUnavailable(new IntOrString(1)).withNewSelector().withMatchLabels(labels).endSelector()
                    .endSpec().build());
            apply(new StatefulSetBuilder()
                    .withNewMetadata().withName(name).withNamespace(namespace).withLabels(labels).endMetadata()
                    .withNewSpec()
                    .withServiceName(name)
                    .withPodManagementPolicy("Parallel")
                    .withReplicas(replicas)
                    .withNewSelector().withMatchLabels(labels).endSelector()
                    .withNewTemplate()
                    .withNewMetadata().withLabels(labels).endMetadata()
                    .withNewSpec()
                    .withEnableServiceLinks(false)
                    .withNewAffinity().withNewPodAntiAffinity().addNewPreferredDuringSchedulingIgnoredDuringExecution()
                    .withWeight(100).withNewPodAffinityTerm().withNewLabelSelector().withMatchLabels(labels).endLabelSelector()
                    .withTopologyKey("kubernetes.io/hostname").endPodAffinityTerm()
                    .endPreferredDuringSchedulingIgnoredDuringExecution().endPodAntiAffinity().endAffinity()
                    .addNewContainer()
                    .withName("etcd")
                    .withImage("gcr.io/etcd-development/etcd:v3.4.23")
                    .withCommand("/usr/local/bin/etcd")
                    .withArgs("--config-file=/etc/etcd-panel/$(POD_NAME).yaml")
                    .addNewEnv().withName("POD_NAME").withNewValueFrom().withNewFieldRef().withFieldPath("metadata.name")
                    .endFieldRef().endValueFrom().endEnv()
                    .addNewPort().withName("client").withContainerPort(2379).endPort()
                    .addNewPort().withName("peer").withContainerPort(2380).endPort()
                    .addNewVolumeMount().withName("data").withMountPath("/var/lib/etcd").endVolumeMount()
                    .addNewVolumeMount().withName("members").withMountPath("/etc/etcd-panel").withReadOnly(true).endVolumeMount()
                    .withNewResources().addToRequests("cpu", new Quantity("100m")).addToRequests("memory", new Quantity("256Mi")).endResources()
                    // the probes for etcd 3.4: readiness on /health, liveness and startup a TCP connect to client
                    .withNewStartupProbe().withNewTcpSocket().withPort(new IntOrString("client")).endTcpSocket()
                    .withPeriodSeconds(10).withTimeoutSeconds(5).withFailureThreshold(30).endStartupProbe()
                    .withNewReadinessProbe().withNewHttpGet().withPath("/health").withPort(new IntOrString("client"))
                    .withScheme("HTTP").endHttpGet().withPeriodSeconds(5).withTimeoutSeconds(3).withFailureThreshold(3)
                    .endReadinessProbe()
                    .withNewLivenessProbe().withNewTcpSocket().withPort(new IntOrString("client")).endTcpSocket()
                    .withPeriodSeconds(10).withTimeoutSeconds(5).withFailureThreshold(6).endLivenessProbe()
                    .endContainer()
                    .addNewVolume().withName("members").withNewConfigMap().withName(name + "-members").endConfigMap().endVolume()
                    .endSpec()
                    .endTemplate()
                    .addNewVolumeClaimTemplate()
                    .withNewMetadata().withName("data").withLabels(labels).endMetadata()
                    .withNewSpec().withAccessModes("ReadWriteOnce")
                    .withNewResources().addToRequests("storage", new Quantity("1Gi")).endResources()
                    .endSpec()
                    .endVolumeClaimTemplate()
                    .endSpec()
                    .build());
            assertThat(client.apps().statefulSets().inNamespace(namespace).withName(name).get()).isNotNull();
        }

        /** The pods of these ordinals once Running and Ready, in that order. */
        List<Pod> awaitReady(List<Integer> members) {
            return Poll.untilValue(members.size() + " pods of " + name + " running and ready", DEADLINE, () -> {
                List<Pod> pods = new ArrayList<>();
                for (int member : members) {
                    Pod pod = KUBE.client().pods().inNamespace(namespace).withName(pod(member)).get();
                    if (pod == null || !ready(pod)) {
                        return null;
                    }
                    pods.add(pod);
                }
                return pods;
            });
        }

        private String memberConfig(int member, List<Integer> members, String state) {
            String initialCluster = String.join(",", members.stream().map(m -> pod(m) + "=" + peerUrl(m)).toList());
            return """
                    name: %s
                    data-dir: /var/lib/etcd/data
                    listen-client-urls: http://0.0.0.0:2379
                    advertise-client-urls: http://%s:2379
                    listen-peer-urls: http://0.0.0.0:2380
                    initial-advertise-peer-urls: %s
                    initial-cluster: %s
                    initial-cluster-state: %s
                    initial-cluster-token: %s-%s
                    quota-backend-bytes: 2147483648
                    auto-compaction-mode: periodic
                    auto-compaction-retention: "1h"
                    """.formatted(pod(member), dnsName(member), peerUrl(member), initialCluster, state, namespace, name);
        }

        private String pod(int member) {
            return name + "-" + member;
        }

        private String dnsName(int member) {
            return pod(member) + "." + name + "." + namespace + ".svc";
        }

        private String peerUrl(int member) {
            return "http://" + dnsName(member) + ":2380";
        }

        private void apply(HasMetadata object) {
            KUBE.client().resource(object).fieldManager(FIELD_MANAGER).forceConflicts().serverSideApply();
        }
    }

    private static boolean ready(Pod pod) {
        return pod.getStatus() != null && "Running".equals(pod.getStatus().getPhase()) && pod.getStatus().getConditions() != null
                && pod.getStatus().getConditions().stream().anyMatch(c -> "Ready".equals(c.getType()) && "True".equals(c.getStatus()));
    }

    private static String endpoint(Pod pod) {
        return "http://" + pod.getStatus().getPodIP() + ":2379";
    }

    private static ProcessHandle processOf(String namespacedPod) {
        String line = Poll.untilValue("the process of " + namespacedPod, DEADLINE, () -> agent.hostResources().processes().stream()
                .filter(process -> process.contains(" " + namespacedPod + ":")).findFirst().orElse(null));
        return ProcessHandle.of(Long.parseLong(line.substring(0, line.indexOf(' ')))).orElseThrow();
    }

    private static String idOf(List<String> members, String name) {
        return members.stream().filter(member -> member.startsWith(name + "=")).map(member -> member.substring(name.length() + 1))
                .findFirst().orElseThrow();
    }

    private static EtcdTestClient.Status status(Pod pod) {
        try (EtcdTestClient etcd = new EtcdTestClient(endpoint(pod))) {
            return etcd.status();
        }
    }
}
