package io.etcdpanel.runtime.kubernetes;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import io.etcdpanel.support.KubeHarness;
import io.etcdpanel.support.PanelApi;
import io.etcdpanel.support.Poll;
import io.etcdpanel.support.RunningPanel;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.client.KubernetesClient;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * {@code DELETE ?keepVolumes=true} on the Kubernetes runtime against a real kube-apiserver and
 * kube-controller-manager (the StatefulSet controller makes the claims; no node runs the pods, which
 * stay Pending: deletion does not need them). The panel acts as the ServiceAccount of
 * docker/kubernetes/rbac.yaml, so releasing a claim is proven within its Role.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class KubernetesKeepVolumesIT extends PanelOnKubernetes {

    @RegisterExtension
    static final KubeHarness KUBE = new KubeHarness();

    private static final String NAMESPACE = PanelOnKubernetes.NAMESPACE;
    private static final String MANAGED_BY = "app.kubernetes.io/managed-by";
    private static final Duration DEADLINE = Duration.ofSeconds(60);
    private static final Path DATA_DIR = RunningPanel.temporaryDirectory("etcdpanel-kube-keep-it-");
    private static final List<String> KEPT_CLAIMS = List.of("data-kept-0", "data-kept-1", "data-kept-2");

    @DynamicPropertySource
    static void panelProperties(DynamicPropertyRegistry registry) {
        PanelOnKubernetes.kubernetesPanel(registry, DATA_DIR);
    }

    @BeforeAll
    static void deployThePanelsAccount() throws IOException {
        PanelOnKubernetes.actAsThePanel(KUBE);
    }

    @Test
    @Order(1)
    void keepingVolumesLeavesOnlyTheClaimsReleasedFromThePanel() {
        createAndDelete("kept", 3, true);

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
        Poll.until("the status naming the kept claim", DEADLINE,
                () -> api.cluster("kept").path("status").path("message").asString().contains("data-kept-0"));
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
        createAndDelete("gone", 1, false);

        Poll.until("nothing of gone left, claims included", DEADLINE, () -> nothingButClaimsOf("gone") && claims("gone").isEmpty());
    }

    /** Creates the cluster, waits for the StatefulSet controller to make its claims, deletes it, and waits until the catalogue lets it go. */
    private void createAndDelete(String name, int replicas, boolean keepVolumes) {
        create(name, replicas);
        Poll.until("the " + replicas + " claims of " + name + " made", DEADLINE, () -> claims(name).size() == replicas);

        assertThat(api.delete("/api/v1/clusters/" + name + "?keepVolumes=" + keepVolumes).status()).isEqualTo(202);

        Poll.until(name + " gone from the catalogue", DEADLINE, () -> api.get("/api/v1/clusters/" + name).status() == 404);
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
