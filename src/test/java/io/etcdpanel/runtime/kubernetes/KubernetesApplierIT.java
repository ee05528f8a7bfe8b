package io.etcdpanel.runtime.kubernetes;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import io.etcdpanel.catalogue.ClusterSpec;
import io.etcdpanel.runtime.JoinPlan;
import io.etcdpanel.runtime.kubernetes.desired.EtcdDisruptionBudgets;
import io.etcdpanel.runtime.kubernetes.desired.EtcdServices;
import io.etcdpanel.runtime.kubernetes.desired.EtcdStatefulSets;
import io.etcdpanel.runtime.kubernetes.desired.MemberAddresses;
import io.etcdpanel.runtime.kubernetes.desired.MemberConfigs;
import io.etcdpanel.runtime.kubernetes.desired.MemberRoster;
import io.etcdpanel.runtime.kubernetes.desired.RuntimeSettings;
import io.etcdpanel.support.KubeHarness;
import io.etcdpanel.support.Poll;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.fabric8.kubernetes.api.model.ServicePort;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.http.BasicBuilder;
import io.fabric8.kubernetes.client.http.HttpRequest;
import io.fabric8.kubernetes.client.http.Interceptor;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import org.assertj.core.groups.Tuple;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The applier against a real API server: objects accepted as written, unchanged objects not written again,
 * its own writes read back at once from the cache, drift put back, deletes, hands off the rest.
 */
class KubernetesApplierIT {

    @RegisterExtension
    static final KubeHarness KUBE = new KubeHarness();

    private static final Duration DEADLINE = Duration.ofSeconds(180);
    private static final String OTHER_MANAGER = "someone-else";
    private static KubernetesClient panelClient;
    private static KubernetesCache cache;

    private String namespace;

    @AfterAll
    static void closeClient() {
        if (cache != null) {
            cache.close();
        }
        if (panelClient != null) {
            panelClient.close();
        }
    }

    @Test
    void objectsOfAThreeMemberClusterAreAcceptedAsWritten(TestInfo test) {
        ClusterSpec spec = spec(test);
        KubernetesApplier applier = applier();

        List<HasMetadata> applied = applyAll(applier, spec, 3);

        KubernetesClient admin = KUBE.client();
        assertThat(applied).allSatisfy(object -> {
            assertThat(object.getMetadata().getUid()).isNotBlank();
            assertThat(object.getMetadata().getLabels()).containsEntry("app.kubernetes.io/managed-by", "etcd-panel")
                    .containsEntry("app.kubernetes.io/instance", spec.name()).containsEntry("app.kubernetes.io/name", "etcd");
            assertThat(object.getMetadata().getManagedFields()).anySatisfy(fields -> {
                assertThat(fields.getManager()).isEqualTo("etcd-panel");
                assertThat(fields.getOperation()).isEqualTo("Apply");
            });
        });

        Service headless = admin.services().inNamespace(namespace).withName(spec.name()).get();
        assertThat(headless.getSpec().getClusterIP()).isEqualTo("None");
        assertThat(headless.getSpec().getPublishNotReadyAddresses()).isTrue();
        assertThat(headless.getSpec().getPorts()).extracting(ServicePort::getName, ServicePort::getPort)
                .containsExactly(Tuple.tuple("client", 2379), Tuple.tuple("peer", 2380));
        Service client = admin.services().inNamespace(namespace).withName(spec.name() + "-client").get();
        assertThat(client.getSpec().getClusterIP()).isNotEqualTo("None");
        assertThat(client.getSpec().getSelector()).isEqualTo(headless.getSpec().getSelector());

        ConfigMap members = admin.configMaps().inNamespace(namespace).withName(spec.name() + "-members").get();
        assertThat(members.getData()).isEqualTo(MemberConfigs.configMap(spec, MemberRoster.of(plans(spec, 3))).getData());

        StatefulSet statefulSet = admin.apps().statefulSets().inNamespace(namespace).withName(spec.name()).get();
        assertThat(statefulSet.getSpec().getReplicas()).isEqualTo(3);
        assertThat(statefulSet.getSpec().getPodManagementPolicy()).isEqualTo("Parallel");
        assertThat(statefulSet.getSpec().getServiceName()).isEqualTo(spec.name());
        Container etcd = statefulSet.getSpec().getTemplate().getSpec().getContainers().get(0);
        assertThat(etcd.getImage()).isEqualTo("gcr.io/etcd-development/etcd:v3.5.21");
        assertThat(etcd.getCommand()).containsExactly("/usr/local/bin/etcd");
        assertThat(etcd.getArgs()).containsExactly("--config-file=/etc/etcd-panel/$(POD_NAME).yaml");
        assertThat(etcd.getEnv().get(0).getValueFrom().getFieldRef().getFieldPath()).isEqualTo("metadata.name");
        assertThat(etcd.getReadinessProbe().getHttpGet().getPath()).isEqualTo("/readyz");
        assertThat(etcd.getLivenessProbe().getHttpGet().getPath()).isEqualTo("/livez");
        assertThat(etcd.getResources().getRequests()).containsEntry("cpu", new Quantity("250m"))
                .containsEntry("memory", new Quantity("512Mi"));
        assertThat(statefulSet.getSpec().getTemplate().getSpec().getAffinity().getPodAntiAffinity()
                .getPreferredDuringSchedulingIgnoredDuringExecution()).hasSize(1);
        PersistentVolumeClaim template = statefulSet.getSpec().getVolumeClaimTemplates().get(0);
        assertThat(template.getSpec().getStorageClassName()).isEqualTo("fast-ssd");
        assertThat(template.getSpec().getResources().getRequests()).containsEntry("storage", new Quantity("2Gi"));

        PodDisruptionBudget budget = admin.policy().v1().podDisruptionBudget().inNamespace(namespace).withName(spec.name()).get();
        assertThat(budget.getSpec().getMaxUnavailable()).isEqualTo(new IntOrString(1));

        // the real StatefulSet controller takes it as the pod of the contract
        List<Pod> pods = Poll.untilValue("3 pods", DEADLINE, () -> {
            List<Pod> items = admin.pods().inNamespace(namespace).list().getItems();
            return items.size() == 3 ? items : null;
        });
        assertThat(pods).allSatisfy(pod -> {
            assertThat(pod.getMetadata().getLabels()).containsEntry("app.kubernetes.io/managed-by", "etcd-panel");
            assertThat(pod.getSpec().getHostname()).isEqualTo(pod.getMetadata().getName());
            assertThat(pod.getSpec().getSubdomain()).isEqualTo(spec.name());
            assertThat(pod.getSpec().getContainers().get(0).getArgs())
                    .containsExactly("--config-file=/etc/etcd-panel/$(POD_NAME).yaml");
        });
        List<PersistentVolumeClaim> claims = Poll.untilValue("3 claims", DEADLINE, () -> {
            List<PersistentVolumeClaim> items = admin.persistentVolumeClaims().inNamespace(namespace).list().getItems();
            return items.size() == 3 ? items : null;
        });
        assertThat(claims).extracting(claim -> claim.getMetadata().getName())
                .containsExactlyInAnyOrder("data-" + spec.name() + "-0", "data-" + spec.name() + "-1", "data-" + spec.name() + "-2");
        assertThat(claims).allSatisfy(claim -> {
            assertThat(claim.getMetadata().getLabels()).containsEntry("app.kubernetes.io/managed-by", "etcd-panel");
            assertThat(claim.getSpec().getStorageClassName()).isEqualTo("fast-ssd");
        });
    }

    @Test
    void reapplyingUnchangedObjectsWritesNothing(TestInfo test) {
        ClusterSpec spec = spec(test);
        KubernetesApplier applier = applier();
        List<HasMetadata> first = applyAll(applier, spec, 3);
        KubernetesClient admin = KUBE.client();
        // controllers write the StatefulSet's and the budget's status: let them finish first
        Poll.until("StatefulSet and budget status caught up", DEADLINE, () -> {
            StatefulSet statefulSet = admin.apps().statefulSets().inNamespace(namespace).withName(spec.name()).get();
            PodDisruptionBudget budget = admin.policy().v1().podDisruptionBudget().inNamespace(namespace).withName(spec.name()).get();
            return statefulSet.getStatus() != null && Integer.valueOf(3).equals(statefulSet.getStatus().getReplicas())
                    && statefulSet.getMetadata().getGeneration().equals(statefulSet.getStatus().getObservedGeneration())
                    && budget.getStatus() != null
                    && budget.getMetadata().getGeneration().equals(budget.getStatus().getObservedGeneration());
        });
        Map<String, String> before = new LinkedHashMap<>();
        first.forEach(object -> before.put(key(object), admin.resource(object).get().getMetadata().getResourceVersion()));
        first.forEach(object -> awaitCached(object.getClass(), before.get(key(object)), object.getMetadata().getName()));

        List<HasMetadata> again = applyAll(applier, spec, 3);

        assertThat(again).hasSize(5).allSatisfy(object -> assertThat(object.getMetadata().getResourceVersion())
                .as("resourceVersion of %s", key(object)).isEqualTo(before.get(key(object))));
        assertThat(again).filteredOn(object -> object.getMetadata().getGeneration() != null)
                .allSatisfy(object -> assertThat(object.getMetadata().getGeneration()).isEqualTo(1L));
    }

    @Test
    void driftedFieldsArePutBackAndOtherPeoplesAdditionsStay(TestInfo test) {
        ClusterSpec spec = spec(test);
        KubernetesApplier applier = applier();
        applyAll(applier, spec, 3);
        KubernetesClient admin = KUBE.client();
        // someone scales and re-images the StatefulSet, edits a member's file and annotates the Service
        // a strategic merge patch without a resourceVersion: an edit would race the StatefulSet controller's status writes (409)
        StatefulSet scaled = admin.apps().statefulSets().inNamespace(namespace).withName(spec.name()).patch(
                PatchContext.of(PatchType.STRATEGIC_MERGE), "{\"spec\":{\"replicas\":5,\"template\":{\"spec\":{\"containers\":"
                        + "[{\"name\":\"etcd\",\"image\":\"example.com/etcd:hacked\"}]}}}}");
        ConfigMap broken = admin.configMaps().inNamespace(namespace).withName(spec.name() + "-members").edit(configMap -> {
            configMap.getData().put(spec.name() + "-0.yaml", "name: broken\n");
            return configMap;
        });
        admin.services().inNamespace(namespace).withName(spec.name()).edit(service -> {
            service.getMetadata().setAnnotations(Map.of("example.com/owner", "team-a"));
            return service;
        });
        admin.services().inNamespace(namespace).withName(spec.name() + "-client").delete();
        Poll.until("client Service gone", DEADLINE,
                () -> admin.services().inNamespace(namespace).withName(spec.name() + "-client").get() == null);
        // the applier compares with its cache: drift is put back once the watch has brought it
        awaitCached(StatefulSet.class, scaled.getMetadata().getResourceVersion(), spec.name());
        awaitCached(ConfigMap.class, broken.getMetadata().getResourceVersion(), spec.name() + "-members");
        Poll.until("the client Service gone from the cache", DEADLINE, () -> cache.get(Service.class, namespace, spec.name() + "-client") == null);

        applyAll(applier, spec, 3);

        StatefulSet statefulSet = admin.apps().statefulSets().inNamespace(namespace).withName(spec.name()).get();
        assertThat(statefulSet.getSpec().getReplicas()).isEqualTo(3);
        assertThat(statefulSet.getSpec().getTemplate().getSpec().getContainers().get(0).getImage())
                .isEqualTo("gcr.io/etcd-development/etcd:v3.5.21");
        assertThat(admin.configMaps().inNamespace(namespace).withName(spec.name() + "-members").get().getData())
                .isEqualTo(MemberConfigs.configMap(spec, MemberRoster.of(plans(spec, 3))).getData());
        assertThat(admin.services().inNamespace(namespace).withName(spec.name() + "-client").get()).isNotNull();
        assertThat(admin.services().inNamespace(namespace).withName(spec.name()).get().getMetadata().getAnnotations())
                .containsEntry("example.com/owner", "team-a");
    }

    @Test
    void desiredNullDeletes(TestInfo test) {
        ClusterSpec spec = spec(test);
        KubernetesApplier applier = applier();
        applyAll(applier, spec, 3);
        KubernetesClient admin = KUBE.client();

        // down to one member: its budget is null, so it goes
        assertThat(applier.reconcile(PodDisruptionBudget.class, namespace, spec.name(), EtcdDisruptionBudgets.budget(spec, 1))).isNull();
        assertThat(admin.policy().v1().podDisruptionBudget().inNamespace(namespace).withName(spec.name()).get()).isNull();
        assertThat(applier.reconcile(PodDisruptionBudget.class, namespace, spec.name(), null)).isNull();

        assertThat(applier.delete(ConfigMap.class, namespace, spec.name() + "-members")).isTrue();
        assertThat(applier.delete(ConfigMap.class, namespace, spec.name() + "-members")).isFalse();
        assertThat(admin.configMaps().inNamespace(namespace).withName(spec.name() + "-members").get()).isNull();

        // the claims the StatefulSet controller made carry the panel's labels, so the panel may delete them
        Poll.until("3 claims", DEADLINE, () -> admin.persistentVolumeClaims().inNamespace(namespace).list().getItems().size() == 3);
        assertThat(applier.delete(PersistentVolumeClaim.class, namespace, "data-" + spec.name() + "-2")).isTrue();
        Poll.until("claim gone", DEADLINE,
                () -> admin.persistentVolumeClaims().inNamespace(namespace).withName("data-" + spec.name() + "-2").get() == null);
    }

    @Test
    void objectThePanelDoesNotManageIsNeverTouched(TestInfo test) {
        ClusterSpec spec = spec(test);
        KubernetesApplier applier = applier();
        KubernetesClient admin = KUBE.client();
        ConfigMap theirs = admin.resource(new ConfigMapBuilder()
                .withNewMetadata().withName(spec.name() + "-members").withNamespace(namespace).endMetadata()
                .withData(Map.of("app.properties", "theirs=true")).build()).create();
        Service helms = admin.resource(new ServiceBuilder()
                .withNewMetadata().withName(spec.name()).withNamespace(namespace)
                .withLabels(Map.of("app.kubernetes.io/managed-by", "Helm")).endMetadata()
                .withNewSpec().addNewPort().withPort(80).endPort().endSpec().build()).create();

        assertThatThrownBy(() -> applier.apply(MemberConfigs.configMap(spec, MemberRoster.of(plans(spec, 3)))))
                .isInstanceOf(UnmanagedObject.class)
                .hasMessageContaining("ConfigMap " + namespace + "/" + spec.name() + "-members")
                .hasMessageContaining("not managed by etcd-panel");
        assertThatThrownBy(() -> applier.reconcile(Service.class, namespace, spec.name(), EtcdServices.headless(spec)))
                .isInstanceOf(UnmanagedObject.class).hasMessageContaining("Service " + namespace + "/" + spec.name());
        // "desired null" is asked every pass, of the cache only
        awaitCached(ConfigMap.class, theirs.getMetadata().getResourceVersion(), spec.name() + "-members");
        assertThatThrownBy(() -> applier.reconcile(ConfigMap.class, namespace, spec.name() + "-members", null))
                .isInstanceOf(UnmanagedObject.class);
        assertThatThrownBy(() -> applier.delete(Service.class, namespace, spec.name())).isInstanceOf(UnmanagedObject.class);

        ConfigMap after = admin.configMaps().inNamespace(namespace).withName(spec.name() + "-members").get();
        assertThat(after.getMetadata().getResourceVersion()).isEqualTo(theirs.getMetadata().getResourceVersion());
        assertThat(after.getData()).isEqualTo(Map.of("app.properties", "theirs=true"));
        assertThat(admin.services().inNamespace(namespace).withName(spec.name()).get().getMetadata().getResourceVersion())
                .isEqualTo(helms.getMetadata().getResourceVersion());
    }

    @Test
    void aReleasedClaimLosesOnlyTheManagedByLabelAndIsNeverMountedDeletedOrReleasedAgain(TestInfo test) {
        ClusterSpec spec = spec(test);
        KubernetesApplier applier = applier();
        applyAll(applier, spec, 3);
        KubernetesClient admin = KUBE.client();
        Poll.until("3 claims", DEADLINE, () -> admin.persistentVolumeClaims().inNamespace(namespace).list().getItems().size() == 3);
        String claim = "data-" + spec.name() + "-2";
        PersistentVolumeClaim before = admin.persistentVolumeClaims().inNamespace(namespace).withName(claim).get();

        assertThat(applier.release(PersistentVolumeClaim.class, namespace, claim)).isTrue();

        PersistentVolumeClaim after = admin.persistentVolumeClaims().inNamespace(namespace).withName(claim).get();
        Map<String, String> labelsWithoutManagedBy = new LinkedHashMap<>(before.getMetadata().getLabels());
        labelsWithoutManagedBy.remove("app.kubernetes.io/managed-by");
        assertThat(after.getMetadata().getLabels()).isEqualTo(labelsWithoutManagedBy).containsKey("app.kubernetes.io/instance");
        assertThat(after.getMetadata().getUid()).isEqualTo(before.getMetadata().getUid());
        assertThat(after.getMetadata().getDeletionTimestamp()).isNull();
        assertThat(applier.release(PersistentVolumeClaim.class, namespace, "data-nosuch-0")).isFalse();
        assertThatThrownBy(() -> applier.release(PersistentVolumeClaim.class, namespace, claim)).isInstanceOf(UnmanagedObject.class);
        assertThatThrownBy(() -> applier.delete(PersistentVolumeClaim.class, namespace, claim))
                .isInstanceOf(UnmanagedObject.class).hasMessageContaining("delete the claim");
        KubernetesApplier limited = new KubernetesApplier(panelClient(), cache(), properties(List.of("somewhere-else")));
        assertThatThrownBy(() -> limited.release(PersistentVolumeClaim.class, namespace, "data-" + spec.name() + "-1"))
                .isInstanceOf(NamespaceNotAllowed.class);

        // a StatefulSet made again would hand the released claim to its new pod: the panel refuses, up to the ordinal before it
        assertThat(applier.delete(StatefulSet.class, namespace, spec.name())).isTrue();
        Poll.until("StatefulSet gone", DEADLINE, () -> admin.apps().statefulSets().inNamespace(namespace).withName(spec.name()).get() == null);
        assertThatThrownBy(() -> applier.apply(EtcdStatefulSets.statefulSet(spec, 3, RuntimeSettings.DEFAULT)))
                .isInstanceOf(UnmanagedObject.class)
                .hasMessageStartingWith("PersistentVolumeClaim " + namespace + "/" + claim + " exists and is not managed by etcd-panel")
                .hasMessageContaining("keepVolumes=true").hasMessageContaining("delete the claim");
        assertThat(admin.apps().statefulSets().inNamespace(namespace).withName(spec.name()).get()).isNull();
        assertThat(applier.apply(EtcdStatefulSets.statefulSet(spec, 2, RuntimeSettings.DEFAULT)).getSpec().getReplicas()).isEqualTo(2);
        assertThatThrownBy(() -> applier.apply(EtcdStatefulSets.statefulSet(spec, 3, RuntimeSettings.DEFAULT)))
                .isInstanceOf(UnmanagedObject.class);
        assertThat(admin.apps().statefulSets().inNamespace(namespace).withName(spec.name()).get().getSpec().getReplicas()).isEqualTo(2);
        assertThat(admin.persistentVolumeClaims().inNamespace(namespace).withName(claim).get().getMetadata().getResourceVersion())
                .isEqualTo(after.getMetadata().getResourceVersion());
    }

    @Test
    void namespaceOutsideTheListIsRefused(TestInfo test) {
        ClusterSpec spec = spec(test);
        KubernetesApplier limited = new KubernetesApplier(panelClient(), cache(), properties(List.of("somewhere-else")));

        assertThatThrownBy(() -> limited.apply(EtcdServices.headless(spec)))
                .isInstanceOf(NamespaceNotAllowed.class).hasMessageContaining(namespace).hasMessageContaining("somewhere-else");
        assertThatThrownBy(() -> limited.delete(Service.class, namespace, spec.name())).isInstanceOf(NamespaceNotAllowed.class);
        assertThat(KUBE.client().services().inNamespace(namespace).withName(spec.name()).get()).isNull();
    }

    @Test
    void unchangedObjectsCostNoRequestAtAll(TestInfo test) {
        ClusterSpec spec = spec(test);
        applyAll(applier(), spec, 3);
        List<String> requests = new CopyOnWriteArrayList<>();
        try (KubernetesClient counted = countingClient(requests)) {
            KubernetesApplier applier = new KubernetesApplier(counted, cache(), properties(List.of()));
            // a 3-member cluster's five objects, and a 1-member cluster's four with no budget to delete
            applyAll(applier, spec, 3);
            ClusterSpec single = new ClusterSpec("single", 1, "3.5.21", "kubernetes", namespace, null, null, 0);
            applyAll(applier(), single, 1);
            requests.clear();

            applyAll(applier, spec, 3);
            applyAll(applier, single, 1);

            assertThat(requests).isEmpty();
        }
    }

    @Test
    void theApplierReadsItsOwnWritesAtOnce(TestInfo test) {
        ClusterSpec spec = spec(test);
        KubernetesApplier applier = applier();
        applyAll(applier, spec, 3);

        ConfigMap two = applier.apply(MemberConfigs.configMap(spec, MemberRoster.of(plans(spec, 2))));
        StatefulSet scaled = applier.apply(EtcdStatefulSets.statefulSet(spec, 2, RuntimeSettings.DEFAULT));
        applier.reconcile(PodDisruptionBudget.class, namespace, spec.name(), EtcdDisruptionBudgets.budget(spec, 1));

        // no wait: what the next read of a pass would see
        assertThat(cache.get(ConfigMap.class, namespace, spec.name() + "-members").getData()).isEqualTo(two.getData());
        assertThat(cache.get(StatefulSet.class, namespace, spec.name()).getSpec().getReplicas()).isEqualTo(2);
        assertThat(KubernetesCache.atLeast(cache.get(StatefulSet.class, namespace, spec.name()).getMetadata().getResourceVersion(),
                scaled.getMetadata().getResourceVersion())).isTrue();
        assertThat(cache.get(PodDisruptionBudget.class, namespace, spec.name())).isNull();
        assertThat(MemberConfigs.roster(cache.get(ConfigMap.class, namespace, spec.name() + "-members")).plans()).hasSize(2);
    }

    @Test
    void storageChangeIsRefusedClearlyAndReplacingTheStatefulSetKeepsItsPods(TestInfo test) {
        ClusterSpec spec = spec(test);
        KubernetesApplier applier = applier();
        applyAll(applier, spec, 3);
        KubernetesClient admin = KUBE.client();
        Map<String, String> podUids = Poll.untilValue("3 pods", DEADLINE, () -> {
            List<Pod> pods = admin.pods().inNamespace(namespace).list().getItems();
            if (pods.size() != 3) {
                return null;
            }
            Map<String, String> uids = new LinkedHashMap<>();
            pods.forEach(pod -> uids.put(pod.getMetadata().getName(), pod.getMetadata().getUid()));
            return uids;
        });
        ClusterSpec bigger = new ClusterSpec(spec.name(), 3, spec.version(), spec.runtime(), spec.namespace(),
                new ClusterSpec.Storage("4Gi", "fast-ssd"), spec.resources(), spec.quotaBackendBytes());
        StatefulSet desired = EtcdStatefulSets.statefulSet(bigger, 3, RuntimeSettings.DEFAULT);

        assertThatThrownBy(() -> applier.apply(desired))
                .isInstanceOfSatisfying(ApplyRefused.class, refused -> assertThat(refused.immutableField()).isTrue())
                .hasMessageContaining("StatefulSet " + namespace + "/" + spec.name())
                .hasMessageContaining("Forbidden");
        String oldUid = admin.apps().statefulSets().inNamespace(namespace).withName(spec.name()).get().getMetadata().getUid();

        StatefulSet replaced = applier.replaceKeepingPods(desired, DEADLINE);

        assertThat(replaced.getMetadata().getUid()).isNotEqualTo(oldUid);
        assertThat(replaced.getSpec().getVolumeClaimTemplates().get(0).getSpec().getResources().getRequests())
                .containsEntry("storage", new Quantity("4Gi"));
        Poll.until("the same 3 pods adopted by the new StatefulSet", DEADLINE, () -> {
            List<Pod> pods = admin.pods().inNamespace(namespace).list().getItems();
            return pods.size() == 3 && pods.stream().allMatch(pod ->
                    pod.getMetadata().getUid().equals(podUids.get(pod.getMetadata().getName()))
                            && pod.getMetadata().getOwnerReferences().size() == 1
                            && pod.getMetadata().getOwnerReferences().get(0).getUid().equals(replaced.getMetadata().getUid()));
        });
        assertThat(admin.persistentVolumeClaims().inNamespace(namespace).list().getItems()).hasSize(3);
    }

    /** Applies every object of the cluster with {@code started} members, as the runtime will; null for a budget it deleted. */
    private List<HasMetadata> applyAll(KubernetesApplier applier, ClusterSpec spec, int started) {
        return Arrays.asList(
                applier.reconcile(Service.class, namespace, spec.name(), EtcdServices.headless(spec)),
                applier.reconcile(Service.class, namespace, spec.name() + "-client", EtcdServices.client(spec)),
                applier.reconcile(ConfigMap.class, namespace, spec.name() + "-members", MemberConfigs.configMap(spec, MemberRoster.of(plans(spec, started)))),
                applier.reconcile(StatefulSet.class, namespace, spec.name(),
                        EtcdStatefulSets.statefulSet(spec, started, RuntimeSettings.DEFAULT)),
                applier.reconcile(PodDisruptionBudget.class, namespace, spec.name(), EtcdDisruptionBudgets.budget(spec, started)));
    }

    private static String key(HasMetadata object) {
        return object.getKind() + "/" + object.getMetadata().getName();
    }

    private static Map<String, JoinPlan> plans(ClusterSpec spec, int started) {
        Map<String, String> initial = new LinkedHashMap<>();
        for (int ordinal = 0; ordinal < started; ordinal++) {
            initial.put(spec.name() + "-" + ordinal, MemberAddresses.peerUrl(spec, spec.name() + "-" + ordinal));
        }
        JoinPlan bootstrap = new JoinPlan(initial, true, spec.name() + "-0b1c2d3e");
        Map<String, JoinPlan> plans = new LinkedHashMap<>();
        initial.keySet().forEach(member -> plans.put(member, bootstrap));
        return plans;
    }

    /** A fresh namespace per test, and a cluster named after it. */
    private ClusterSpec spec(TestInfo test) {
        String method = test.getTestMethod().orElseThrow().getName();
        namespace = "applier-" + Integer.toHexString(method.hashCode() & 0xfffffff);
        KUBE.client().resource(new NamespaceBuilder().withNewMetadata().withName(namespace).endMetadata().build()).create();
        return new ClusterSpec("orders", 3, "3.5.21", "kubernetes", namespace,
                new ClusterSpec.Storage("2Gi", "fast-ssd"), new ClusterSpec.Resources("250m", "512Mi"),
                ClusterSpec.DEFAULT_QUOTA_BACKEND_BYTES);
    }

    private KubernetesApplier applier() {
        return new KubernetesApplier(panelClient(), cache(), properties(List.of()));
    }

    /** The panel's cache of every namespace, on its own client. */
    private static synchronized KubernetesCache cache() {
        if (cache == null) {
            cache = new KubernetesCache(panelClient(), List.of());
            cache.start();
        }
        return cache;
    }

    /** Waits until the cache holds this object at this resourceVersion or later. */
    private void awaitCached(Class<? extends HasMetadata> kind, String resourceVersion, String name) {
        Poll.until(kind.getSimpleName() + " " + name + " at resourceVersion " + resourceVersion + " in the cache", DEADLINE, () -> {
            HasMetadata cached = cache().get(kind, namespace, name);
            return cached != null && KubernetesCache.atLeast(cached.getMetadata().getResourceVersion(), resourceVersion);
        });
    }

    private static KubernetesProperties properties(List<String> namespaces) {
        return new KubernetesProperties(true, RuntimeSettings.DEFAULT_IMAGE_REPOSITORY, KubernetesProperties.MemberAccess.POD_IP,
                namespaces, Duration.ofSeconds(10), List.of("3.5.21"));
    }

    /** A client like the panel's that notes every request it sends ({@code METHOD path}). */
    private static KubernetesClient countingClient(List<String> requests) {
        Config config = new ConfigBuilder(Config.fromKubeconfig(KUBE.kubeconfig().toFile())).withRequestRetryBackoffLimit(0).build();
        return new KubernetesClientBuilder().withConfig(config).withHttpClientBuilderConsumer(builder -> builder.addOrReplaceInterceptor(
                "count", new Interceptor() {
                    @Override
                    public void before(BasicBuilder request, HttpRequest sent, RequestTags tags) {
                        requests.add(sent.method() + " " + sent.uri().getPath());
                    }
                })).build();
    }

    /** The panel's own client (its timeouts, no retries) on the harness's API server. */
    private static synchronized KubernetesClient panelClient() {
        if (panelClient == null) {
            panelClient = KubernetesClients.create(Config.fromKubeconfig(KUBE.kubeconfig().toFile()), properties(List.of()));
        }
        return panelClient;
    }
}
