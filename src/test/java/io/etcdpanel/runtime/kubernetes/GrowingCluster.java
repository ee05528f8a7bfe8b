package io.etcdpanel.runtime.kubernetes;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import io.etcdpanel.support.EtcdTestClient;
import io.etcdpanel.support.KubeHarness;
import io.etcdpanel.support.PanelApi;
import io.etcdpanel.support.Poll;
import io.etcdpanel.support.kube.TestVolumeProvisioner;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.client.KubernetesClient;
import tools.jackson.databind.JsonNode;

/**
 * A cluster of the volume growth tests, as the panel's API and the API server show it: its claims, its
 * StatefulSet's claim template, its pods and members, its Reconciled condition.
 */
record GrowingCluster(PanelApi api, KubernetesClient kube, String name) {

    static final String NAMESPACE = PanelOnKubernetes.NAMESPACE;
    static final String EXPANDABLE = "expandable";
    static final String FIXED_SIZE = "fixed-size";
    static final Duration DEADLINE = Duration.ofSeconds(120);

    /** The harness's controllers and the PV controller, which binds the provisioner's volumes to their claims. */
    static List<String> controllersWithVolumeBinding() {
        List<String> controllers = new ArrayList<>(KubeHarness.DEFAULT_CONTROLLERS);
        controllers.add("persistentvolume-binder-controller");
        return controllers;
    }

    /** A class that can expand and one that cannot, and a provisioner serving both. */
    static TestVolumeProvisioner storageClassesAndTheirVolumes(KubernetesClient admin) {
        admin.resource(TestVolumeProvisioner.storageClass(EXPANDABLE, true)).create();
        admin.resource(TestVolumeProvisioner.storageClass(FIXED_SIZE, false)).create();
        return new TestVolumeProvisioner(admin, Set.of(EXPANDABLE, FIXED_SIZE));
    }

    /** What must come through a growth unchanged: the pods (by uid), the etcd members (by id), and a key written before. */
    record Survivors(Map<String, String> pods, Map<String, String> members, String value) {
    }

    /** Creates the cluster on 1Gi volumes of the class, running on bound claims, writes a key, and says what must survive. */
    Survivors createWithAKey(int replicas, String storageClass, String value) {
        create(replicas, storageClass);
        try (EtcdTestClient etcd = new EtcdTestClient(clientUrl(0))) {
            etcd.put("kept", value);
        }
        return new Survivors(podUids(), memberIds(), value);
    }

    /** The same pods (none was deleted) run the same members, and the key is there on the last one. */
    void assertSurvived(Survivors before) {
        awaitRunning(before.members().size());
        assertThat(podUids()).as("the same pods: none was deleted").isEqualTo(before.pods());
        assertThat(memberIds()).isEqualTo(before.members());
        try (EtcdTestClient etcd = new EtcdTestClient(clientUrl(before.members().size() - 1))) {
            assertThat(etcd.get("kept")).isEqualTo(before.value());
        }
    }

    /** Creates the cluster on 1Gi volumes of the class, and waits until it runs on bound claims. */
    void create(int replicas, String storageClass) {
        PanelApi.Answer created = api.post("/api/v1/clusters", "{\"name\":\"" + name + "\",\"replicas\":" + replicas
                + ",\"runtime\":\"kubernetes\",\"namespace\":\"" + NAMESPACE + "\",\"version\":\"3.4.23\","
                + "\"storage\":{\"size\":\"1Gi\",\"storageClass\":\"" + storageClass + "\"}}");
        assertThat(created.status()).as(created.raw().body()).isEqualTo(201);
        awaitRunning(replicas);
        Poll.until(replicas + " claims of " + name + " bound", DEADLINE, () -> claims().size() == replicas
                && claims().stream().allMatch(claim -> "Bound".equals(claim.getStatus().getPhase())));
    }

    void awaitRunning(int members) {
        Poll.until(name + " Running with " + members + " healthy voting members", DEADLINE, () -> {
            List<JsonNode> rows = api.members(name);
            return "Running".equals(api.phase(name)) && rows.size() == members
                    && rows.stream().allMatch(member -> member.path("healthy").asBoolean() && !member.path("learner").asBoolean());
        });
    }

    /** Every claim's capacity holds the size, the StatefulSet's template says it, and the cluster is reconciled. */
    boolean grownTo(String size) {
        return claims().stream().allMatch(claim -> holds(claim.getStatus().getCapacity().get("storage"), size))
                && holds(template(), size) && "True".equals(reconciled().path("status").asString());
    }

    String reconciledMessage() {
        return reconciled().path("message").asString();
    }

    private JsonNode reconciled() {
        JsonNode cluster = api.cluster(name);
        for (JsonNode condition : cluster.path("status").path("conditions")) {
            if ("Reconciled".equals(condition.path("type").asString())) {
                return condition;
            }
        }
        return cluster.path("no-condition");
    }

    List<PersistentVolumeClaim> claims() {
        return kube.persistentVolumeClaims().inNamespace(NAMESPACE).withLabel("app.kubernetes.io/instance", name).list().getItems();
    }

    List<Quantity> requests() {
        return claims().stream().map(claim -> claim.getSpec().getResources().getRequests().get("storage")).toList();
    }

    Quantity template() {
        StatefulSet statefulSet = kube.apps().statefulSets().inNamespace(NAMESPACE).withName(name).get();
        return statefulSet == null ? null : statefulSet.getSpec().getVolumeClaimTemplates().get(0).getSpec().getResources()
                .getRequests().get("storage");
    }

    Map<String, String> podUids() {
        return kube.pods().inNamespace(NAMESPACE).withLabel("app.kubernetes.io/instance", name).list().getItems().stream()
                .collect(Collectors.toMap(pod -> pod.getMetadata().getName(), pod -> pod.getMetadata().getUid()));
    }

    Map<String, String> memberIds() {
        return api.members(name).stream().collect(Collectors.toMap(member -> member.path("name").asString(),
                member -> member.path("id").asString()));
    }

    private String clientUrl(int member) {
        return api.members(name).get(member).path("clientUrls").get(0).asString();
    }

    static boolean holds(Quantity quantity, String size) {
        return quantity != null && quantity.getNumericalAmount().compareTo(new Quantity(size).getNumericalAmount()) == 0;
    }
}
