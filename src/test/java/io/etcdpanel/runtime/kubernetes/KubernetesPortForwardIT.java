package io.etcdpanel.runtime.kubernetes;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import io.etcdpanel.support.EtcdTestClient;
import io.etcdpanel.support.FreePorts;
import io.etcdpanel.support.KubeHarness;
import io.etcdpanel.support.PanelApi;
import io.etcdpanel.support.Poll;
import io.etcdpanel.support.RunningPanel;
import io.etcdpanel.support.kube.TestNodeAgent;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.rbac.PolicyRule;
import io.fabric8.kubernetes.api.model.rbac.Role;
import io.fabric8.kubernetes.client.KubernetesClient;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;

/**
 * {@code member-access: port-forward}, end to end: the panel (as the ServiceAccount of docker/kubernetes/rbac.yaml plus
 * port-forward/rbac.yaml) reaches every member through a loopback port forwarded by the API server's
 * {@code pods/portforward} to the node's kubelet endpoint (the agent's {@code test-kubelet-streams}, the kubelet's own
 * port-forward code). The pods' addresses are routable from this host (the agent's bridge), so what proves the
 * forward is used: the members' client URLs are 127.0.0.1 ports, not pod IPs, and the API server counts port-forward
 * requests as the panel works.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.DEFINED_PORT)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class KubernetesPortForwardIT extends PanelOnKubernetes {

    @RegisterExtension
    static final KubeHarness KUBE = new KubeHarness();

    private static final String CLUSTER = "pf";
    private static final List<String> MEMBERS = List.of("pf-0", "pf-1", "pf-2");
    private static final Duration DEADLINE = Duration.ofSeconds(120);
    private static final Path DATA_DIR = RunningPanel.temporaryDirectory("etcdpanel-kube-pf-it-");
    /** Known before the panel starts: restore Jobs' pods fetch snapshots from it, through the node's relay to this host's loopback. */
    private static final int PANEL_PORT = FreePorts.loopback();
    private static final Pattern PORT_FORWARDS = Pattern.compile(
            "(?m)^apiserver_(?:request_total|longrunning_requests)\\{([^}]*)\\} ([0-9.e+]+)$");
    private static TestNodeAgent agent;

    @DynamicPropertySource
    static void panelProperties(DynamicPropertyRegistry registry) {
        PanelOnKubernetes.kubernetesPanel(registry, DATA_DIR);
        registry.add("etcdpanel.kubernetes.member-access", () -> "port-forward");
        registry.add("server.port", () -> PANEL_PORT);
        registry.add("etcdpanel.kubernetes.panel-url", () -> "http://127.0.0.1:" + PANEL_PORT);
    }

    @BeforeAll
    static void deployThePanelsAccountsWithPortForwardAndStartTheNode() throws IOException {
        PanelOnKubernetes.actAsThePanel(KUBE);
        KubernetesClient admin = KUBE.client();
        try (InputStream manifest = Files.newInputStream(PanelManifestsIT.MANIFESTS.resolve("port-forward/rbac.yaml"))) {
            admin.load(manifest).items().forEach(object -> admin.resource(object).create());
        }
        agent = new TestNodeAgent(KUBE.client(), TestNodeAgent.options("kpf", "10.213.74.0/24").withHostPortRelay(PANEL_PORT));
        agent.servePortForward(KubeHarness.tool("test-kubelet-streams"));
    }

    @AfterAll
    static void stopTheNode() {
        if (agent != null) {
            agent.close();
        }
    }

    @Test
    @Order(0)
    void onlyTheSeparatePortForwardRoleGrantsPortForwardAndItGrantsNothingElse() throws IOException {
        List<PolicyRule> rules = roleRules("port-forward/rbac.yaml");
        assertThat(rules).singleElement().satisfies(rule -> {
            assertThat(rule.getApiGroups()).containsExactly("");
            assertThat(rule.getResources()).containsExactly("pods/portforward");
            assertThat(rule.getVerbs()).containsExactlyInAnyOrder("get", "create");
            assertThat(rule.getResourceNames()).isEmpty();
        });
        assertThat(roleRules("rbac.yaml")).allSatisfy(rule -> assertThat(rule.getResources()).doesNotContain("pods/portforward"));
    }

    @Test
    @Order(1)
    void aThreeMemberClusterIsHealthyThroughLoopbackForwardsAndNotThroughPodIps() throws IOException {
        double forwardsBefore = portForwardRequests();
        PanelApi.Answer created = api.post("/api/v1/clusters", "{\"name\":\"" + CLUSTER + "\",\"replicas\":3,\"runtime\":\"kubernetes\","
                + "\"namespace\":\"" + NAMESPACE + "\",\"version\":\"3.4.23\"}");
        assertThat(created.status()).as(created.raw().body()).isEqualTo(201);
        awaitRunning();

        Map<String, URI> urls = clientUrls();
        assertThat(urls.keySet()).containsExactlyInAnyOrderElementsOf(MEMBERS);
        List<String> podIps = KUBE.client().pods().inNamespace(NAMESPACE).withLabel("app.kubernetes.io/instance", CLUSTER).list()
                .getItems().stream().map(pod -> pod.getStatus().getPodIP()).toList();
        assertThat(podIps).hasSize(3).allSatisfy(ip -> assertThat(ip).startsWith("10.213.74."));
        assertThat(urls.values()).allSatisfy(url -> {
            assertThat(url.getScheme()).isEqualTo("http");
            assertThat(url.getHost()).isEqualTo("127.0.0.1");
            assertThat(url.getPort()).isNotEqualTo(2379);
        });
        assertThat(urls.values().stream().map(URI::getPort).distinct()).hasSize(3);
        for (URI url : urls.values()) {
            // bound to loopback only: the same port on the host's bridge address refuses
            assertThatThrownBy(() -> {
                try (Socket socket = new Socket()) {
                    socket.connect(new InetSocketAddress(agent.hostIp(), url.getPort()), 2000);
                }
            }).isInstanceOf(ConnectException.class);
        }
        assertThat(portForwardRequests()).as("port-forward requests the API server answered").isGreaterThan(forwardsBefore);

        try (EtcdTestClient etcd = new EtcdTestClient(urls.get("pf-0").toString())) {
            etcd.put("survives", "a pod's death");
            assertThat(etcd.memberNames()).extracting(member -> member.substring(0, member.indexOf('=')))
                    .containsExactlyInAnyOrderElementsOf(MEMBERS);
        }
    }

    @Test
    @Order(2)
    void aBackupStreamedThroughTheForwardIsAGoodSnapshot() throws NoSuchAlgorithmException {
        try (EtcdTestClient etcd = new EtcdTestClient(clientUrls().get("pf-0").toString())) {
            for (int i = 0; i < 100; i++) {
                etcd.put("restore/" + i, "value-" + i);
            }
        }
        double forwardsBefore = portForwardRequests();
        JsonNode snapshot = api.backUp(CLUSTER, DEADLINE);
        byte[] content = api.getBytes("/api/v1/snapshots/" + snapshot.path("id").asString() + "/content");

        assertThat(content.length % 512).as("a bolt database and its sha256").isEqualTo(32);
        byte[] digest = MessageDigest.getInstance("SHA-256").digest(Arrays.copyOf(content, content.length - 32));
        assertThat(Arrays.copyOfRange(content, content.length - 32, content.length)).isEqualTo(digest);
        assertThat(snapshot.path("userKeys").asLong()).isGreaterThanOrEqualTo(101);
        assertThat(portForwardRequests()).isGreaterThan(forwardsBefore);
    }

    @Test
    @Order(3)
    void aBackupRestoredInPlaceIsVerifiedThroughForwardsToTheNewPods() {
        JsonNode snapshot = api.get("/api/v1/clusters/" + CLUSTER + "/snapshots").json().get(0);
        Map<String, String> uidsBefore = podUids();
        Map<String, URI> urlsBefore = clientUrls();
        try (EtcdTestClient etcd = new EtcdTestClient(clientUrls().get("pf-0").toString())) {
            etcd.deleteAll();
            etcd.put("after-backup", "lost by the restore");
        }

        PanelApi.Answer started = api.post("/api/v1/clusters/" + CLUSTER + "/restores",
                "{\"snapshotId\":\"" + snapshot.path("id").asString() + "\",\"mode\":\"in-place\"}");
        assertThat(started.status()).as(started.raw().body()).isEqualTo(202);
        api.awaitRestore(started.json().path("id").asString(), Duration.ofMinutes(4));

        awaitRunning();
        Map<String, String> uidsAfter = podUids();
        assertThat(uidsAfter.keySet()).containsExactlyInAnyOrderElementsOf(MEMBERS);
        assertThat(uidsAfter).allSatisfy((pod, uid) -> assertThat(uid).as(pod + " is a new pod").isNotEqualTo(uidsBefore.get(pod)));
        assertThat(clientUrls()).as("each member keeps its port across its new pod").isEqualTo(urlsBefore);
        for (Map.Entry<String, URI> member : clientUrls().entrySet()) {
            try (EtcdTestClient etcd = new EtcdTestClient(member.getValue().toString())) {
                assertThat(etcd.withPrefix("restore/")).as(member.getKey()).hasSize(100).containsEntry("restore/42", "value-42");
                assertThat(etcd.get("after-backup")).as(member.getKey()).isNull();
                assertThat(etcd.get("survives")).as(member.getKey()).isEqualTo("a pod's death");
            }
        }
    }

    @Test
    @Order(4)
    void aDeletedPodIsReachedAgainThroughAForwardToItsNewPod() {
        Pod before = KUBE.client().pods().inNamespace(NAMESPACE).withName("pf-1").get();
        URI urlBefore = clientUrls().get("pf-1");
        KUBE.client().pods().inNamespace(NAMESPACE).withName("pf-1").delete();
        Poll.until("pf-1 recreated", DEADLINE, () -> {
            Pod now = KUBE.client().pods().inNamespace(NAMESPACE).withName("pf-1").get();
            return now != null && !now.getMetadata().getUid().equals(before.getMetadata().getUid());
        });
        awaitRunning();

        URI url = clientUrls().get("pf-1");
        assertThat(url).isEqualTo(urlBefore);
        try (EtcdTestClient etcd = new EtcdTestClient(url.toString())) {
            assertThat(etcd.get("survives")).isEqualTo("a pod's death");
        }
    }

    @Test
    @Order(5)
    void deletingTheClusterClosesItsForwards() {
        List<Integer> ports = clientUrls().values().stream().map(URI::getPort).toList();
        assertThat(api.delete("/api/v1/clusters/" + CLUSTER).status()).isEqualTo(202);
        Poll.until(CLUSTER + " gone from the catalogue", DEADLINE, () -> api.get("/api/v1/clusters/" + CLUSTER).status() == 404);
        Poll.until("nothing listening on the forwarded ports " + ports, DEADLINE, () -> ports.stream().noneMatch(port -> {
            try (Socket socket = new Socket()) {
                socket.connect(new InetSocketAddress("127.0.0.1", port), 1000);
                return true;
            } catch (IOException refused) {
                return false;
            }
        }));
    }

    private void awaitRunning() {
        Poll.until(CLUSTER + " Running with 3 healthy members and one leader", DEADLINE, () -> {
            List<JsonNode> rows = api.members(CLUSTER);
            return "Running".equals(api.phase(CLUSTER)) && rows.size() == 3
                    && rows.stream().allMatch(member -> member.path("healthy").asBoolean() && !member.path("learner").asBoolean())
                    && rows.stream().filter(member -> member.path("leader").asBoolean()).count() == 1;
        });
    }

    private Map<String, URI> clientUrls() {
        return api.members(CLUSTER).stream().collect(Collectors.toMap(member -> member.path("name").asString(),
                member -> URI.create(member.path("clientUrls").get(0).asString())));
    }

    private Map<String, String> podUids() {
        return KUBE.client().pods().inNamespace(NAMESPACE).withLabel("app.kubernetes.io/instance", CLUSTER).list().getItems().stream()
                .filter(pod -> pod.getMetadata().getDeletionTimestamp() == null)
                .collect(Collectors.toMap(pod -> pod.getMetadata().getName(), pod -> pod.getMetadata().getUid()));
    }

    private static List<PolicyRule> roleRules(String file) throws IOException {
        try (InputStream manifest = Files.newInputStream(PanelManifestsIT.MANIFESTS.resolve(file))) {
            return KUBE.client().load(manifest).items().stream().filter(Role.class::isInstance).map(Role.class::cast)
                    .flatMap(role -> role.getRules().stream()).toList();
        }
    }

    /**
     * The API server's own count of the pods/portforward requests it took: those still open (the gauge
     * apiserver_longrunning_requests) and those ended (apiserver_request_total counts a request when it ends).
     */
    private static double portForwardRequests() {
        String metrics = KUBE.client().raw(KUBE.apiServer().resolve("/metrics").toString());
        double total = 0;
        Matcher line = PORT_FORWARDS.matcher(metrics);
        while (line.find()) {
            if (line.group(1).contains("resource=\"pods\"") && line.group(1).contains("subresource=\"portforward\"")) {
                total += Double.parseDouble(line.group(2));
            }
        }
        return total;
    }
}
