package io.etcdpanel.runtime.kubernetes;

import static io.etcdpanel.runtime.kubernetes.GrowingCluster.DEADLINE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Path;

import io.etcdpanel.catalogue.ClusterCatalogue;
import io.etcdpanel.catalogue.ClusterSpec;
import io.etcdpanel.runtime.kubernetes.desired.EtcdStatefulSets;
import io.etcdpanel.runtime.kubernetes.desired.RuntimeSettings;
import io.etcdpanel.support.KubeHarness;
import io.etcdpanel.support.PanelApi;
import io.etcdpanel.support.Poll;
import io.etcdpanel.support.RunningPanel;
import io.etcdpanel.support.kube.TestNodeAgent;
import io.etcdpanel.support.kube.TestVolumeProvisioner;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.Quantity;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * A bigger storage.size on the Kubernetes runtime, end to end: the claims are real claims bound to volumes by the
 * real PV controller, whose class allows expansion or not; the test volume provisioner plays the CSI driver's
 * resizer and the kubelet's file system resize, and the test node agent runs the pods' etcd.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class KubernetesVolumeGrowthIT extends PanelOnKubernetes {

    @RegisterExtension
    static final KubeHarness KUBE = new KubeHarness(GrowingCluster.controllersWithVolumeBinding());

    private static final Path DATA_DIR = RunningPanel.temporaryDirectory("etcdpanel-kube-growth-it-");
    private static TestNodeAgent agent;
    private static TestVolumeProvisioner provisioner;

    @Autowired
    KubernetesVolumes volumes;
    @Autowired
    ClusterCatalogue catalogue;

    @DynamicPropertySource
    static void panelProperties(DynamicPropertyRegistry registry) {
        PanelOnKubernetes.kubernetesPanel(registry, DATA_DIR);
    }

    /** Before the panel starts: its account, a class that can expand and one that cannot, their volumes, and the node. */
    @BeforeAll
    static void deployThePanelsAccountTheStorageClassesAndTheNode() throws IOException {
        PanelOnKubernetes.actAsThePanel(KUBE);
        provisioner = GrowingCluster.storageClassesAndTheirVolumes(KUBE.client());
        agent = new TestNodeAgent(KUBE.client(), TestNodeAgent.options("vgit", "10.213.81.0/24"));
    }

    @AfterAll
    static void stopTheNodeAndTheVolumes() {
        if (agent != null) {
            agent.close();
        }
        if (provisioner != null) {
            provisioner.close();
        }
    }

    @Test
    @Order(1)
    void volumesGrowInPlaceWithTheSamePodsMembersAndData() {
        GrowingCluster grown = new GrowingCluster(api, KUBE.client(), "grown");
        GrowingCluster.Survivors before = grown.createWithAKey(3, GrowingCluster.EXPANDABLE, "through the growth");
        provisioner.holdResizes(true);

        PanelApi.Answer patched = api.patch("/api/v1/clusters/grown", "{\"storage\":{\"size\":\"2Gi\"}}");

        assertThat(patched.status()).as(patched.raw().body()).isEqualTo(200);
        assertThat(patched.json().path("storage").path("size").asString()).isEqualTo("2Gi");
        Poll.until("the growth in progress on the Reconciled condition", DEADLINE, () -> grown.reconciledMessage()
                .startsWith("growing volumes to 2Gi: 0 of 3 claims hold it; data-grown-0 is being resized (1Gi now)"));
        assertThat(grown.requests()).containsOnly(new Quantity("2Gi"));
        assertThat(grown.template()).as("the template changes once every claim holds the size").isEqualTo(new Quantity("1Gi"));
        provisioner.holdResizes(false);
        Poll.until("every claim of grown holds 2Gi, the StatefulSet's template says 2Gi, and the cluster is reconciled",
                DEADLINE, () -> grown.grownTo("2Gi"));
        grown.assertSurvived(before);
        assertThat(api.eventReasons("grown")).contains("VolumeGrowthRequested", "VolumeGrowthStarted", "VolumesGrown");
    }

    @Test
    @Order(2)
    void shrinkingIsRefusedAndChangesNothing() {
        long generation = api.cluster("grown").path("generation").asLong();

        PanelApi.Answer refused = api.patch("/api/v1/clusters/grown", "{\"storage\":{\"size\":\"1Gi\"}}");

        assertThat(refused.status()).isEqualTo(400);
        assertThat(refused.json().path("errors").get(0).path("field").asString()).isEqualTo("storage.size");
        assertThat(refused.json().path("errors").get(0).path("message").asString()).contains("cannot shrink from 2Gi to 1Gi");
        assertThat(api.cluster("grown").path("generation").asLong()).isEqualTo(generation);
        assertThat(api.cluster("grown").path("storage").path("size").asString()).isEqualTo("2Gi");
    }

    @Test
    @Order(3)
    void aClassThatCannotExpandIsNamedInTheRefusalAndNothingChanges() {
        GrowingCluster fixed = new GrowingCluster(api, KUBE.client(), "fixed");
        fixed.create(1, GrowingCluster.FIXED_SIZE);
        long generation = api.cluster("fixed").path("generation").asLong();

        PanelApi.Answer refused = api.patch("/api/v1/clusters/fixed", "{\"storage\":{\"size\":\"2Gi\"}}");

        assertThat(refused.status()).as(refused.raw().body()).isEqualTo(400);
        assertThat(refused.json().path("errors").get(0).path("field").asString()).isEqualTo("storage.size");
        assertThat(refused.json().path("errors").get(0).path("message").asString())
                .contains("storage class fixed-size does not allow volume expansion", "data-fixed-0", "allowVolumeExpansion: true");
        assertThat(api.cluster("fixed").path("generation").asLong()).isEqualTo(generation);
        assertThat(api.cluster("fixed").path("storage").path("size").asString()).isEqualTo("1Gi");
        assertThat(fixed.requests()).containsExactly(new Quantity("1Gi"));
        assertThat(fixed.template()).isEqualTo(new Quantity("1Gi"));
    }

    @Test
    @Order(4)
    void aPassWhoseClassCannotExpandRefusesWithoutWritingAnything() {
        GrowingCluster fixed = new GrowingCluster(api, KUBE.client(), "fixed");
        ClusterSpec asked = catalogue.get("fixed").spec().withStorageSize("2Gi");
        String claimVersion = fixed.claims().get(0).getMetadata().getResourceVersion();
        // its controller writes its status meanwhile: the spec's generation and the uid say nobody changed or replaced it
        ObjectMeta statefulSet = KUBE.client().apps().statefulSets().inNamespace(NAMESPACE).withName("fixed").get().getMetadata();

        // as a pass finds it when the class stopped allowing expansion after the size was stored
        assertThatThrownBy(() -> volumes.grow(asked, EtcdStatefulSets.statefulSet(asked, 1, RuntimeSettings.DEFAULT)))
                .isInstanceOf(VolumesCannotGrow.class)
                .hasMessageContaining("storage class fixed-size does not allow volume expansion");

        assertThat(fixed.claims().get(0).getMetadata().getResourceVersion()).isEqualTo(claimVersion);
        assertThat(KUBE.client().apps().statefulSets().inNamespace(NAMESPACE).withName("fixed").get().getMetadata())
                .extracting(ObjectMeta::getUid, ObjectMeta::getGeneration)
                .containsExactly(statefulSet.getUid(), statefulSet.getGeneration());
    }
}
