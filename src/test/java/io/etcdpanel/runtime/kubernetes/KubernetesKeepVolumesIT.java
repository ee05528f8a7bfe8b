package io.etcdpanel.runtime.kubernetes;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import io.etcdpanel.support.KubeHarness;
import io.etcdpanel.support.PanelApi;
import io.etcdpanel.support.Poll;
import io.etcdpanel.support.RunningPanel;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.authentication.TokenRequestBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * {@code DELETE ?keepVolumes=true} on the Kubernetes runtime against a real kube-apiserver and
 * kube-controller-manager (the StatefulSet controller makes the claims; no node runs the pods, which
 * stay Pending: deletion does not need them). The panel acts as the ServiceAccount of
 * docker/kubernetes/rbac.yaml, so releasing a claim is proven within its Role.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@DirtiesContext(classMode = DirtiesContext.ClassMode.AFTER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class KubernetesKeepVolumesIT {

    @RegisterExtension
    static final KubeHarness KUBE = new KubeHarness();

    private static final String NAMESPACE = "etcd-panel";
    private static final String MANAGED_BY = "app.kubernetes.io/managed-by";
    private static final Duration DEADLINE = Duration.ofSeconds(60);
    private static final Path DATA_DIR = RunningPanel.temporaryDirectory("etcdpanel-kube-keep-it-");
    private static final List<String> KEPT_CLAIMS = List.of("data-kept-0", "data-kept-1", "data-kept-2");

    @LocalServerPort
    int port;
    PanelApi api;

    @DynamicPropertySource
    static void panelProperties(DynamicPropertyRegistry registry) {
        registry.add("etcdpanel.data-dir", DATA_DIR::toString);
        registry.add("etcdpanel.kubernetes.enabled", () -> "true");
        registry.add("etcdpanel.kubernetes.versions", () -> "3.4.23");
        registry.add("etcdpanel.reconcile.interval", () -> "2s");
        registry.add("etcdpanel.backup.restore-test", () -> "false");
    }

    @BeforeAll
    static void deployThePanelsAccount() throws IOException {
        KubernetesClient admin = KUBE.client();
        for (String file : List.of("namespace.yaml", "rbac.yaml")) {
            try (var manifest = Files.newInputStream(PanelManifestsIT.MANIFESTS.resolve(file))) {
                admin.load(manifest).items().forEach(object -> admin.resource(object).create());
            }
        }
        String token = admin.serviceAccounts().inNamespace(NAMESPACE).withName("etcd-panel")
                .tokenRequest(new TokenRequestBuilder().withNewSpec().withExpirationSeconds(3600L).endSpec().build())
                .getStatus().getToken();
        System.setProperty("kubeconfig", KUBE.kubeconfigWithToken("panel.kubeconfig", token).toString());
    }

    @AfterAll
    static void forgetTheKubeconfig() {
        System.clearProperty("kubeconfig");
    }

    @BeforeEach
    void connectApi() {
        api = new PanelApi(port);
    }

    @Test
    @Order(1)
    void keepingVolumesLeavesOnlyTheClaimsReleasedFromThePanel() {
        create("kept", 3);
        Poll.until("the 3 claims of kept made", DEADLINE, () -> claims("kept").size() == 3);

        assertThat(api.delete("/api/v1/clusters/kept?keepVolumes=true").status()).isEqualTo(202);

        Poll.until("kept gone from the catalogue", DEADLINE, () -> api.get("/api/v1/clusters/kept").status() == 404);
        Poll.until("nothing of kept left but its claims", DEADLINE, () -> nothingButClaimsOf("kept"));
        List<PersistentVolumeClaim> claims = claims("kept");
        assertThat(claims).extracting(claim -> claim.getMetadata().getName()).containsExactlyInAnyOrderElementsOf(KEPT_CLAIMS);
        assertThat(claims).allSatisfy(claim -> {
            assertThat(claim.getMetadata().getLabels()).doesNotContainKey(MANAGED_BY)
                    .containsEntry("app.kubernetes.io/instance", "kept").containsEntry("app.kubernetes.io/name", "etcd");
            assertThat(claim.getMetadata().getDeletionTimestamp()).isNull();
            assertThat(claim.getMetadata().getOwnerReferences()).isNullOrEmpty();
        });
    }

    @Test
    @Order(2)
    void aLaterClusterOfTheSameNameIsRefusedTheKeptClaimsClearlyAndNeverTouchesThem() {
        List<String> versions = claims("kept").stream().map(claim -> claim.getMetadata().getResourceVersion()).toList();
        create("kept", 3);

        Poll.until("a reconcile error naming the kept claim", DEADLINE, () -> api.events("kept").stream().anyMatch(event -> event
                .startsWith("ReconcileFailed: PersistentVolumeClaim " + NAMESPACE + "/data-kept-0 exists and is not managed by etcd-panel")
                && event.contains("keepVolumes=true") && event.contains("delete the claim")));
        assertThat(api.events("kept")).anyMatch(event -> event.startsWith("ClusterDeleted: the cluster was deleted; the claims "
                + String.join(", ", KEPT_CLAIMS) + " in namespace " + NAMESPACE + " were kept"));
        assertThat(api.cluster("kept").path("status").path("message").asString()).contains("data-kept-0");
        assertThat(KUBE.client().apps().statefulSets().inNamespace(NAMESPACE).withName("kept").get()).isNull();

        assertThat(api.delete("/api/v1/clusters/kept").status()).isEqualTo(202);
        Poll.until("the second kept gone", DEADLINE, () -> api.get("/api/v1/clusters/kept").status() == 404 && nothingButClaimsOf("kept"));
        assertThat(claims("kept").stream().map(claim -> claim.getMetadata().getResourceVersion()).toList()).isEqualTo(versions);

        KUBE.client().persistentVolumeClaims().inNamespace(NAMESPACE).withLabel("app.kubernetes.io/instance", "kept").delete();
        Poll.until("the kept claims deleted by hand", DEADLINE, () -> claims("kept").isEmpty());
    }

    @Test
    @Order(3)
    void withoutKeepVolumesNothingIsLeft() {
        create("gone", 1);
        Poll.until("the claim of gone made", DEADLINE, () -> claims("gone").size() == 1);

        assertThat(api.delete("/api/v1/clusters/gone?keepVolumes=false").status()).isEqualTo(202);

        Poll.until("gone gone from the catalogue", DEADLINE, () -> api.get("/api/v1/clusters/gone").status() == 404);
        Poll.until("nothing of gone left, claims included", DEADLINE, () -> nothingButClaimsOf("gone") && claims("gone").isEmpty());
    }

    private void create(String name, int replicas) {
        PanelApi.Answer created = api.post("/api/v1/clusters", "{\"name\":\"" + name + "\",\"replicas\":" + replicas
                + ",\"runtime\":\"kubernetes\",\"namespace\":\"" + NAMESPACE + "\",\"version\":\"3.4.23\"}");
        assertThat(created.status()).as(created.raw().body()).isEqualTo(201);
    }

    private static List<PersistentVolumeClaim> claims(String cluster) {
        return KUBE.client().persistentVolumeClaims().inNamespace(NAMESPACE).withLabel("app.kubernetes.io/instance", cluster).list()
                .getItems();
    }

    private static boolean nothingButClaimsOf(String cluster) {
        KubernetesClient client = KUBE.client();
        String instance = "app.kubernetes.io/instance";
        return client.apps().statefulSets().inNamespace(NAMESPACE).withLabel(instance, cluster).list().getItems().isEmpty()
                && client.services().inNamespace(NAMESPACE).withLabel(instance, cluster).list().getItems().isEmpty()
                && client.configMaps().inNamespace(NAMESPACE).withLabel(instance, cluster).list().getItems().isEmpty()
                && client.policy().v1().podDisruptionBudget().inNamespace(NAMESPACE).withLabel(instance, cluster).list().getItems().isEmpty()
                && client.pods().inNamespace(NAMESPACE).withLabel(instance, cluster).list().getItems().isEmpty();
    }
}
