package io.etcdpanel.runtime.kubernetes;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import io.etcdpanel.support.EtcdTestClient;
import io.etcdpanel.support.FreePorts;
import io.etcdpanel.support.HostReleases;
import io.etcdpanel.support.KubeHarness;
import io.etcdpanel.support.PanelApi;
import io.etcdpanel.support.Poll;
import io.etcdpanel.support.RunningPanel;
import io.etcdpanel.support.kube.TestNodeAgent;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
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
 * Catalogue clusters on the Kubernetes runtime, end to end: a real kube-apiserver (RBAC on) and
 * kube-controller-manager (the real StatefulSet controller makes the pods), and the test node agent
 * running each pod's etcd as a real process with its own address. The panel acts as the
 * ServiceAccount of docker/kubernetes/rbac.yaml with its Role and nothing more, and knows nothing of the agent.
 * Members run the default release (3.6), each pod by the host's binaries of its image tag.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.DEFINED_PORT)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class KubernetesClusterIT extends PanelOnKubernetes {

    @RegisterExtension
    static final KubeHarness KUBE = new KubeHarness();

    private static final String CLUSTER = "kube";
    private static final Duration DEADLINE = Duration.ofSeconds(120);
    private static final Path DATA_DIR = RunningPanel.temporaryDirectory("etcdpanel-kube-it-");
    /** Known before the panel starts: restore Jobs' pods fetch snapshots from it, through the node's relay to this host's loopback. */
    private static final int PANEL_PORT = FreePorts.loopback();
    private static TestNodeAgent agent;
    private static String panelToken;

    @DynamicPropertySource
    static void panelProperties(DynamicPropertyRegistry registry) {
        PanelOnKubernetes.kubernetesPanel(registry, DATA_DIR, HostReleases.DEFAULT);
        registry.add("server.port", () -> PANEL_PORT);
        registry.add("etcdpanel.kubernetes.panel-url", () -> "http://127.0.0.1:" + PANEL_PORT);
    }

    /**
     * Runs after the harness is up and before the panel starts: the panel's namespace, ServiceAccount and Role
     * come from the deployment manifests, and the panel finds the API server as kubectl would, with that account's token.
     */
    @BeforeAll
    static void deployThePanelsAccountAndStartTheNode() throws IOException {
        panelToken = PanelOnKubernetes.actAsThePanel(KUBE);
        agent = new TestNodeAgent(KUBE.client(), TestNodeAgent.options("kcit", "10.213.72.0/24").withHostPortRelay(PANEL_PORT));
    }

    @AfterAll
    static void stopTheNode() {
        if (agent != null) {
            agent.close();
        }
    }

    @Test
    @Order(1)
    void theRuntimeSaysTheApiServerAnswers() {
        JsonNode kubernetes = null;
        for (JsonNode runtime : api.get("/api/v1/runtimes").json()) {
            if ("kubernetes".equals(runtime.path("name").asString())) {
                kubernetes = runtime;
            }
        }
        assertThat(kubernetes).isNotNull();
        assertThat(kubernetes.path("available").asBoolean()).as(kubernetes.toString()).isTrue();
        assertThat(kubernetes.path("message").asString()).isEqualTo("API server v1.35.4");
        try (KubernetesClient asThePanel = KUBE.clientWithToken(panelToken)) {
            assertThatThrownBy(() -> asThePanel.secrets().inNamespace("default").list())
                    .isInstanceOfSatisfying(KubernetesClientException.class, refused -> assertThat(refused.getCode()).isEqualTo(403));
        }
    }

    @Test
    @Order(2)
    void aThreeMemberClusterRunsAsTheObjectsOfTheContractWithOneLeader() {
        PanelApi.Answer created = api.post("/api/v1/clusters", "{\"name\":\"kube\",\"replicas\":3,\"runtime\":\"kubernetes\","
                + "\"namespace\":\"" + NAMESPACE + "\"}");
        assertThat(created.status()).as(created.raw().body()).isEqualTo(201);
        awaitRunning(3);

        KubernetesClient client = KUBE.client();
        StatefulSet statefulSet = client.apps().statefulSets().inNamespace(NAMESPACE).withName(CLUSTER).get();
        assertThat(statefulSet.getSpec().getPodManagementPolicy()).isEqualTo("Parallel");
        assertThat(statefulSet.getSpec().getReplicas()).isEqualTo(3);
        assertThat(statefulSet.getMetadata().getLabels()).containsEntry("app.kubernetes.io/managed-by", "etcd-panel")
                .containsEntry("app.kubernetes.io/instance", CLUSTER);
        assertThat(client.services().inNamespace(NAMESPACE).withName(CLUSTER).get().getSpec().getPublishNotReadyAddresses()).isTrue();
        assertThat(client.services().inNamespace(NAMESPACE).withName("kube-client").get()).isNotNull();
        assertThat(client.policy().v1().podDisruptionBudget().inNamespace(NAMESPACE).withName(CLUSTER).get().getSpec()
                .getMaxUnavailable().getIntVal()).isEqualTo(1);
        assertThat(client.configMaps().inNamespace(NAMESPACE).withName("kube-members").get().getData())
                .containsOnlyKeys("kube-0.yaml", "kube-1.yaml", "kube-2.yaml", "kube-0.volume", "kube-1.volume", "kube-2.volume")
                .containsEntry("kube-1.volume", client.persistentVolumeClaims().inNamespace(NAMESPACE).withName("data-kube-1").get()
                        .getMetadata().getUid());

        assertThat(api.cluster(CLUSTER).path("version").asString()).isEqualTo(HostReleases.DEFAULT);
        assertThat(api.members(CLUSTER)).extracting(member -> member.path("version").asString()).containsOnly(HostReleases.DEFAULT);
        try (EtcdTestClient etcd = new EtcdTestClient(api.members(CLUSTER).get(0).path("clientUrls").get(0).asString())) {
            etcd.put("survives", "a pod's death");
            assertThat(etcd.memberNames()).extracting(member -> member.substring(0, member.indexOf('=')))
                    .containsExactly("kube-0", "kube-1", "kube-2");
        }
    }

    @Test
    @Order(3)
    void aDeletedPodComesBackAsTheSameMemberWithItsData() {
        List<String> membersBefore = memberIds();
        Pod before = KUBE.client().pods().inNamespace(NAMESPACE).withName("kube-1").get();
        KUBE.client().pods().inNamespace(NAMESPACE).withName("kube-1").delete();
        Poll.until("kube-1 recreated", DEADLINE, () -> {
            Pod now = KUBE.client().pods().inNamespace(NAMESPACE).withName("kube-1").get();
            return now != null && !now.getMetadata().getUid().equals(before.getMetadata().getUid());
        });
        awaitRunning(3);
        assertThat(memberIds()).isEqualTo(membersBefore);
        // at least two: a pod the agent was slow to start may be recreated once more, and after ten alike events
        // the controller's recorder prefixes the message with "(combined from similar events)"
        Poll.until("the StatefulSet controller's word on it among the cluster's events", DEADLINE, () -> api.events(CLUSTER).stream()
                .filter(event -> event.startsWith("SuccessfulCreate: StatefulSet kube: ") && event.contains("reate Pod kube-1 "))
                .count() >= 2);
        JsonNode kube1 = api.members(CLUSTER).stream().filter(member -> member.path("name").asString().equals("kube-1")).findFirst()
                .orElseThrow();
        try (EtcdTestClient etcd = new EtcdTestClient(kube1.path("clientUrls").get(0).asString())) {
            assertThat(etcd.get("survives")).isEqualTo("a pod's death");
        }
    }

    @Test
    @Order(4)
    void changedReplicasAndDeletedObjectsArePutBackWhileOthersObjectsAreLeftAlone() {
        KubernetesClient client = KUBE.client();
        // a merge patch without a resourceVersion: an edit would race the StatefulSet controller's status writes (409)
        client.apps().statefulSets().inNamespace(NAMESPACE).withName(CLUSTER)
                .patch(PatchContext.of(PatchType.JSON_MERGE), "{\"spec\":{\"replicas\":2}}");
        client.services().inNamespace(NAMESPACE).withName("kube-client").delete();
        client.configMaps().inNamespace(NAMESPACE).resource(new io.fabric8.kubernetes.api.model.ConfigMapBuilder()
                .withNewMetadata().withName("someone-elses").endMetadata().addToData("keep", "me").build()).create();

        Poll.until("replicas and the client Service put back", DEADLINE, () -> client.apps().statefulSets().inNamespace(NAMESPACE)
                .withName(CLUSTER).get().getSpec().getReplicas() == 3
                && client.services().inNamespace(NAMESPACE).withName("kube-client").get() != null);
        awaitRunning(3);
        assertThat(client.configMaps().inNamespace(NAMESPACE).withName("someone-elses").get().getData()).containsEntry("keep", "me");
        client.configMaps().inNamespace(NAMESPACE).withName("someone-elses").delete();
    }

    @Test
    @Order(5)
    void scalingOutAndInKeepsEtcdsMembersTheSameAsThePods() {
        assertThat(api.patch("/api/v1/clusters/kube", "{\"replicas\":5}").status()).isEqualTo(200);
        awaitRunning(5);
        assertThat(memberNames()).containsExactly("kube-0", "kube-1", "kube-2", "kube-3", "kube-4");
        assertThat(podNames()).containsExactly("kube-0", "kube-1", "kube-2", "kube-3", "kube-4");

        assertThat(api.patch("/api/v1/clusters/kube", "{\"replicas\":3}").status()).isEqualTo(200);
        awaitRunning(3);
        Poll.until("the pods of kube-3 and kube-4 gone", DEADLINE, () -> podNames().size() == 3);
        assertThat(memberNames()).containsExactly("kube-0", "kube-1", "kube-2");
        Poll.until("the claims of kube-3 and kube-4 deleted", DEADLINE, () -> KUBE.client().persistentVolumeClaims()
                .inNamespace(NAMESPACE).list().getItems().size() == 3);
    }

    @Test
    @Order(6)
    void aPodWhoseVolumeWasLostIsReplacedByANewMember() {
        Map<String, String> before = idsByName();
        String claimBefore = KUBE.client().persistentVolumeClaims().inNamespace(NAMESPACE).withName("data-kube-1").get()
                .getMetadata().getUid();
        // the claim stays Terminating while its pod uses it, as on any cluster; deleting the pod lets it go
        KUBE.client().persistentVolumeClaims().inNamespace(NAMESPACE).withName("data-kube-1").delete();
        KUBE.client().pods().inNamespace(NAMESPACE).withName("kube-1").delete();

        Poll.until("kube-1 back as a new member on a new claim", DEADLINE, () -> {
            Map<String, String> now = idsByName();
            return now.keySet().equals(before.keySet()) && !now.get("kube-1").equals(before.get("kube-1"));
        });
        awaitRunning(3);
        Map<String, String> after = idsByName();
        assertThat(after.get("kube-0")).isEqualTo(before.get("kube-0"));
        assertThat(after.get("kube-2")).isEqualTo(before.get("kube-2"));
        assertThat(KUBE.client().persistentVolumeClaims().inNamespace(NAMESPACE).withName("data-kube-1").get().getMetadata().getUid())
                .isNotEqualTo(claimBefore);
        assertThat(api.events(CLUSTER)).anyMatch(event -> event.contains("kube-1") && event.contains("its data is gone"));
        try (EtcdTestClient etcd = new EtcdTestClient(member("kube-1").path("clientUrls").get(0).asString())) {
            assertThat(etcd.get("survives")).as("the new member got the data from the others").isEqualTo("a pod's death");
        }
    }

    @Test
    @Order(7)
    void aBackupRestoredInPlaceBringsEveryMembersDataBack() {
        try (EtcdTestClient etcd = new EtcdTestClient(member("kube-0").path("clientUrls").get(0).asString())) {
            for (int i = 0; i < 100; i++) {
                etcd.put("restore/" + i, "value-" + i);
            }
        }
        JsonNode snapshot = api.backUp(CLUSTER, DEADLINE);
        try (EtcdTestClient etcd = new EtcdTestClient(member("kube-0").path("clientUrls").get(0).asString())) {
            etcd.deleteAll();
            etcd.put("after-backup", "lost by the restore");
        }

        PanelApi.Answer started = api.post("/api/v1/clusters/kube/restores",
                "{\"snapshotId\":\"" + snapshot.path("id").asString() + "\",\"mode\":\"in-place\"}");
        assertThat(started.status()).as(started.raw().body()).isEqualTo(202);
        JsonNode restore = api.awaitRestore(started.json().path("id").asString(), Duration.ofMinutes(4));

        awaitRunning(3);
        assertThat(restore.path("preRestoreSnapshotId").isMissingNode() || restore.path("preRestoreSnapshotId").isNull())
                .as("a pre-restore snapshot was taken: " + restore).isFalse();
        for (String member : List.of("kube-0", "kube-1", "kube-2")) {
            try (EtcdTestClient etcd = new EtcdTestClient(member(member).path("clientUrls").get(0).asString())) {
                assertThat(etcd.withPrefix("restore/")).as(member).hasSize(100).containsEntry("restore/42", "value-42");
                assertThat(etcd.get("after-backup")).as(member).isNull();
                assertThat(etcd.get("survives")).as(member).isEqualTo("a pod's death");
            }
        }
        assertThat(KUBE.client().batch().v1().jobs().inNamespace(NAMESPACE).list().getItems()).as("restore Jobs cleaned up").isEmpty();
    }

    @Test
    @Order(8)
    void deletingTheClusterLeavesNothingOfItInTheNamespace() {
        assertThat(api.delete("/api/v1/clusters/kube").status()).isEqualTo(202);
        Poll.until("kube gone from the catalogue", DEADLINE, () -> api.get("/api/v1/clusters/kube").status() == 404);
        KubernetesClient client = KUBE.client();
        Poll.until("nothing of kube left in " + NAMESPACE, DEADLINE, () -> client.apps().statefulSets().inNamespace(NAMESPACE).list()
                .getItems().isEmpty() && client.services().inNamespace(NAMESPACE).list().getItems().isEmpty()
                && client.configMaps().inNamespace(NAMESPACE).withLabel("app.kubernetes.io/instance", CLUSTER).list().getItems().isEmpty()
                && client.policy().v1().podDisruptionBudget().inNamespace(NAMESPACE).list().getItems().isEmpty()
                && client.persistentVolumeClaims().inNamespace(NAMESPACE).list().getItems().isEmpty()
                && client.pods().inNamespace(NAMESPACE).list().getItems().isEmpty());
    }

    private void awaitRunning(int members) {
        Poll.until(CLUSTER + " Running with " + members + " healthy members and one leader", DEADLINE, () -> {
            List<JsonNode> rows = api.members(CLUSTER);
            return "Running".equals(api.phase(CLUSTER)) && rows.size() == members
                    && rows.stream().allMatch(member -> member.path("healthy").asBoolean() && !member.path("learner").asBoolean())
                    && rows.stream().filter(member -> member.path("leader").asBoolean()).count() == 1;
        });
    }

    private List<String> memberIds() {
        return api.members(CLUSTER).stream().map(member -> member.path("name").asString() + "=" + member.path("id").asString())
                .sorted().toList();
    }

    private Map<String, String> idsByName() {
        return api.members(CLUSTER).stream().collect(Collectors.toMap(member -> member.path("name").asString(),
                member -> member.path("id").asString()));
    }

    private JsonNode member(String name) {
        return api.members(CLUSTER).stream().filter(member -> member.path("name").asString().equals(name)).findFirst().orElseThrow();
    }

    private List<String> memberNames() {
        return api.members(CLUSTER).stream().map(member -> member.path("name").asString()).sorted().toList();
    }

    private List<String> podNames() {
        return KUBE.client().pods().inNamespace(NAMESPACE).withLabel("app.kubernetes.io/instance", CLUSTER).list().getItems().stream()
                .filter(pod -> pod.getMetadata().getDeletionTimestamp() == null).map(pod -> pod.getMetadata().getName()).sorted().toList();
    }
}
