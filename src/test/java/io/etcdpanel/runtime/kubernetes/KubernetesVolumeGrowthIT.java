package io.etcdpanel.runtime.kubernetes;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import io.etcdpanel.catalogue.ClusterCatalogue;
import io.etcdpanel.catalogue.ClusterSpec;
import io.etcdpanel.runtime.kubernetes.desired.EtcdStatefulSets;
import io.etcdpanel.runtime.kubernetes.desired.RuntimeSettings;
import io.etcdpanel.support.EtcdTestClient;
import io.etcdpanel.support.KubeHarness;
import io.etcdpanel.support.PanelApi;
import io.etcdpanel.support.Poll;
import io.etcdpanel.support.RunningPanel;
import io.etcdpanel.support.kube.TestNodeAgent;
import io.etcdpanel.support.kube.TestVolumeProvisioner;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.client.KubernetesClient;
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
import tools.jackson.databind.JsonNode;

/**
 * A bigger storage.size on the Kubernetes runtime, end to end: the claims are real claims bound to volumes by the
 * real PV controller, whose class allows expansion or not; the test volume provisioner plays the CSI driver's
 * resizer and the kubelet's file system resize, and the test node agent runs the pods' etcd.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class KubernetesVolumeGrowthIT extends PanelOnKubernetes {

    @RegisterExtension
    static final KubeHarness KUBE = new KubeHarness(withVolumeBinding());

    private static final String GROWN = "grown";
    private static final String FIXED = "fixed";
    private static final Duration DEADLINE = Duration.ofSeconds(120);
    private static final Path DATA_DIR = RunningPanel.temporaryDirectory("etcdpanel-kube-growth-it-");
    private static TestNodeAgent agent;

    @Autowired
    KubernetesVolumes volumes;
    @Autowired
    ClusterCatalogue catalogue;
    private static TestVolumeProvisioner provisioner;

    @DynamicPropertySource
    static void panelProperties(DynamicPropertyRegistry registry) {
        PanelOnKubernetes.kubernetesPanel(registry, DATA_DIR);
    }

    private static List<String> withVolumeBinding() {
        List<String> controllers = new ArrayList<>(KubeHarness.DEFAULT_CONTROLLERS);
        controllers.add("persistentvolume-binder-controller");
        return controllers;
    }

    /** Before the panel starts: its account, a class that can expand and one that cannot, their volumes, and the node. */
    @BeforeAll
    static void deployThePanelsAccountTheStorageClassesAndTheNode() throws IOException {
        PanelOnKubernetes.actAsThePanel(KUBE);
        KUBE.client().resource(TestVolumeProvisioner.storageClass("expandable", true)).create();
        KUBE.client().resource(TestVolumeProvisioner.storageClass("fixed-size", false)).create();
        provisioner = new TestVolumeProvisioner(KUBE.client(), Set.of("expandable", "fixed-size"));
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
        create(GROWN, 3, "expandable");
        try (EtcdTestClient etcd = new EtcdTestClient(api.members(GROWN).get(0).path("clientUrls").get(0).asString())) {
            etcd.put("kept", "through the growth");
        }
        Map<String, String> podsBefore = podUids(GROWN);
        Map<String, String> membersBefore = memberIds(GROWN);
        provisioner.holdResizes(true);

        PanelApi.Answer patched = api.patch("/api/v1/clusters/" + GROWN, "{\"storage\":{\"size\":\"2Gi\"}}");

        assertThat(patched.status()).as(patched.raw().body()).isEqualTo(200);
        assertThat(patched.json().path("storage").path("size").asString()).isEqualTo("2Gi");
        Poll.until("the growth in progress on the Reconciled condition", DEADLINE, () -> reconciledMessage(GROWN)
                .startsWith("growing volumes to 2Gi: 0 of 3 claims hold it; data-grown-0 is being resized (1Gi now)"));
        assertThat(claims(GROWN)).allSatisfy(claim -> assertThat(claim.getSpec().getResources().getRequests().get("storage"))
                .isEqualTo(new Quantity("2Gi")));
        assertThat(template(GROWN)).as("the template changes once every claim holds the size").isEqualTo(new Quantity("1Gi"));
        provisioner.holdResizes(false);
        Poll.until("every claim of " + GROWN + " holds 2Gi, the StatefulSet's template says 2Gi, and the cluster is reconciled",
                DEADLINE, () -> claims(GROWN).stream().allMatch(claim -> holds(claim.getStatus().getCapacity().get("storage"), "2Gi"))
                        && holds(template(GROWN), "2Gi") && reconciled(GROWN));
        assertThat(claims(GROWN)).hasSize(3).allSatisfy(claim -> assertThat(claim.getSpec().getResources().getRequests().get("storage"))
                .isEqualTo(new Quantity("2Gi")));
        assertThat(podUids(GROWN)).as("the same pods: none was deleted").isEqualTo(podsBefore);
        assertThat(memberIds(GROWN)).isEqualTo(membersBefore);
        awaitRunning(GROWN, 3);
        try (EtcdTestClient etcd = new EtcdTestClient(api.members(GROWN).get(2).path("clientUrls").get(0).asString())) {
            assertThat(etcd.get("kept")).isEqualTo("through the growth");
        }
        assertThat(api.eventReasons(GROWN)).contains("VolumeGrowthRequested", "VolumeGrowthStarted", "VolumesGrown");
    }

    @Test
    @Order(2)
    void shrinkingIsRefusedAndChangesNothing() {
        long generation = api.cluster(GROWN).path("generation").asLong();

        PanelApi.Answer refused = api.patch("/api/v1/clusters/" + GROWN, "{\"storage\":{\"size\":\"1Gi\"}}");

        assertThat(refused.status()).isEqualTo(400);
        assertThat(refused.json().path("errors").get(0).path("field").asString()).isEqualTo("storage.size");
        assertThat(refused.json().path("errors").get(0).path("message").asString()).contains("cannot shrink from 2Gi to 1Gi");
        assertThat(api.cluster(GROWN).path("generation").asLong()).isEqualTo(generation);
        assertThat(api.cluster(GROWN).path("storage").path("size").asString()).isEqualTo("2Gi");
    }

    @Test
    @Order(3)
    void aClassThatCannotExpandIsNamedInTheRefusalAndNothingChanges() {
        create(FIXED, 1, "fixed-size");
        long generation = api.cluster(FIXED).path("generation").asLong();

        PanelApi.Answer refused = api.patch("/api/v1/clusters/" + FIXED, "{\"storage\":{\"size\":\"2Gi\"}}");

        assertThat(refused.status()).as(refused.raw().body()).isEqualTo(400);
        assertThat(refused.json().path("errors").get(0).path("field").asString()).isEqualTo("storage.size");
        assertThat(refused.json().path("errors").get(0).path("message").asString())
                .contains("storage class fixed-size does not allow volume expansion", "data-fixed-0", "allowVolumeExpansion: true");
        assertThat(api.cluster(FIXED).path("generation").asLong()).isEqualTo(generation);
        assertThat(api.cluster(FIXED).path("storage").path("size").asString()).isEqualTo("1Gi");
        assertThat(claims(FIXED)).singleElement().satisfies(claim -> assertThat(claim.getSpec().getResources().getRequests()
                .get("storage")).isEqualTo(new Quantity("1Gi")));
        assertThat(template(FIXED)).isEqualTo(new Quantity("1Gi"));
    }

    @Test
    @Order(4)
    void aPassWhoseClassCannotExpandRefusesWithoutWritingAnything() {
        ClusterSpec asked = catalogue.get(FIXED).spec().withStorageSize("2Gi");
        String claimVersion = claims(FIXED).get(0).getMetadata().getResourceVersion();
        String statefulSetVersion = KUBE.client().apps().statefulSets().inNamespace(NAMESPACE).withName(FIXED).get().getMetadata()
                .getResourceVersion();

        // as a pass finds it when the class stopped allowing expansion after the size was stored
        assertThatThrownBy(() -> volumes.grow(asked, EtcdStatefulSets.statefulSet(asked, 1, RuntimeSettings.DEFAULT)))
                .isInstanceOf(VolumesCannotGrow.class)
                .hasMessageContaining("storage class fixed-size does not allow volume expansion");

        assertThat(claims(FIXED).get(0).getMetadata().getResourceVersion()).isEqualTo(claimVersion);
        assertThat(KUBE.client().apps().statefulSets().inNamespace(NAMESPACE).withName(FIXED).get().getMetadata().getResourceVersion())
                .isEqualTo(statefulSetVersion);
    }

    /** Creates the cluster on 1Gi volumes of the class, and waits until it runs on bound claims. */
    private void create(String name, int replicas, String storageClass) {
        PanelApi.Answer created = api.post("/api/v1/clusters", "{\"name\":\"" + name + "\",\"replicas\":" + replicas
                + ",\"runtime\":\"kubernetes\",\"namespace\":\"" + NAMESPACE + "\",\"version\":\"3.4.23\","
                + "\"storage\":{\"size\":\"1Gi\",\"storageClass\":\"" + storageClass + "\"}}");
        assertThat(created.status()).as(created.raw().body()).isEqualTo(201);
        awaitRunning(name, replicas);
        Poll.until(replicas + " claims of " + name + " bound", DEADLINE, () -> claims(name).size() == replicas
                && claims(name).stream().allMatch(claim -> "Bound".equals(claim.getStatus().getPhase())));
    }

    private void awaitRunning(String name, int members) {
        Poll.until(name + " Running with " + members + " healthy voting members", DEADLINE, () -> {
            List<JsonNode> rows = api.members(name);
            return "Running".equals(api.phase(name)) && rows.size() == members
                    && rows.stream().allMatch(member -> member.path("healthy").asBoolean() && !member.path("learner").asBoolean());
        });
    }

    private boolean reconciled(String name) {
        return "True".equals(reconciledCondition(name).path("status").asString());
    }

    private String reconciledMessage(String name) {
        return reconciledCondition(name).path("message").asString();
    }

    private JsonNode reconciledCondition(String name) {
        for (JsonNode condition : api.cluster(name).path("status").path("conditions")) {
            if ("Reconciled".equals(condition.path("type").asString())) {
                return condition;
            }
        }
        return api.cluster(name).path("no-condition");
    }

    private static List<PersistentVolumeClaim> claims(String cluster) {
        return KUBE.client().persistentVolumeClaims().inNamespace(NAMESPACE).withLabel("app.kubernetes.io/instance", cluster).list()
                .getItems();
    }

    private static Quantity template(String cluster) {
        StatefulSet statefulSet = KUBE.client().apps().statefulSets().inNamespace(NAMESPACE).withName(cluster).get();
        return statefulSet == null ? null : statefulSet.getSpec().getVolumeClaimTemplates().get(0).getSpec().getResources()
                .getRequests().get("storage");
    }

    private static boolean holds(Quantity quantity, String size) {
        return quantity != null && quantity.getNumericalAmount().compareTo(new Quantity(size).getNumericalAmount()) == 0;
    }

    private static Map<String, String> podUids(String cluster) {
        KubernetesClient client = KUBE.client();
        return client.pods().inNamespace(NAMESPACE).withLabel("app.kubernetes.io/instance", cluster).list().getItems().stream()
                .collect(Collectors.toMap(pod -> pod.getMetadata().getName(), pod -> pod.getMetadata().getUid()));
    }

    private Map<String, String> memberIds(String cluster) {
        return api.members(cluster).stream().collect(Collectors.toMap(member -> member.path("name").asString(),
                member -> member.path("id").asString()));
    }
}
