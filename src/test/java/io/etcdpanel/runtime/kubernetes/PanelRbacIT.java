package io.etcdpanel.runtime.kubernetes;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

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
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.authentication.TokenRequestBuilder;
import io.fabric8.kubernetes.api.model.authorization.v1.SelfSubjectAccessReviewBuilder;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import io.fabric8.kubernetes.api.model.rbac.ClusterRole;
import io.fabric8.kubernetes.api.model.rbac.Role;
import io.fabric8.kubernetes.api.model.storage.StorageClassBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The panel as the ServiceAccount of docker/kubernetes/rbac.yaml, with that Role and nothing more:
 * it can run a cluster's objects in its namespace and get StorageClasses, and is refused everything else.
 */
class PanelRbacIT {

    @RegisterExtension
    static final KubeHarness KUBE = new KubeHarness();

    private static final String NAMESPACE = "etcd-panel";
    private static final String ELSEWHERE = "elsewhere";
    private static final Duration DEADLINE = Duration.ofSeconds(60);

    private static KubernetesClient panel;
    private static KubernetesCache cache;

    @BeforeAll
    static void deployTheRbacManifests() throws IOException {
        KubernetesClient admin = KUBE.client();
        for (String file : List.of("namespace.yaml", "rbac.yaml")) {
            for (HasMetadata object : load(file)) {
                admin.resource(object).create();
            }
        }
        admin.resource(new NamespaceBuilder().withNewMetadata().withName(ELSEWHERE).endMetadata().build()).create();
        String token = admin.serviceAccounts().inNamespace(NAMESPACE).withName("etcd-panel")
                .tokenRequest(new TokenRequestBuilder().withNewSpec().withExpirationSeconds(3600L).endSpec().build())
                .getStatus().getToken();
        panel = KUBE.clientWithToken(token);
        // the panel's cache as it runs in its namespace: list and watch there, nothing cluster-wide
        cache = new KubernetesCache(panel, List.of(NAMESPACE));
        cache.start();
    }

    @AfterAll
    static void closePanel() {
        if (cache != null) {
            cache.close();
        }
        if (panel != null) {
            panel.close();
        }
    }

    @Test
    void serviceAccountAppliesReappliesAndDeletesAClustersObjects() {
        ClusterSpec spec = new ClusterSpec("orders", 3, "3.4.23", "kubernetes", NAMESPACE,
                new ClusterSpec.Storage("1Gi", null), null, ClusterSpec.DEFAULT_QUOTA_BACKEND_BYTES);
        // no namespace list: the API server's RBAC, not the panel's own check, is what is shown here
        KubernetesApplier applier = new KubernetesApplier(panel, cache, new KubernetesProperties(true,
                RuntimeSettings.DEFAULT_IMAGE_REPOSITORY, KubernetesProperties.MemberAccess.POD_DNS, List.of(), Duration.ofSeconds(10), List.of("3.5.21")));

        List<HasMetadata> created = applyAll(applier, spec, 3);
        List<HasMetadata> again = applyAll(applier, spec, 3);

        assertThat(created).hasSize(5).doesNotContainNull();
        assertThat(again).extracting(object -> object.getMetadata().getUid())
                .containsExactlyElementsOf(created.stream().map(object -> object.getMetadata().getUid()).toList());
        // what the panel reads about its members
        Poll.until("3 pods", DEADLINE, () -> panel.pods().inNamespace(NAMESPACE).list().getItems().size() == 3);
        assertThat(panel.persistentVolumeClaims().inNamespace(NAMESPACE).list().getItems()).hasSize(3);
        assertThat(panel.v1().events().inNamespace(NAMESPACE).list()).isNotNull();
        assertThat(panel.getKubernetesVersion().getGitVersion()).startsWith("v1.");
        // scale in to one member: the budget goes, and a member's claim
        assertThat(applier.reconcile(PodDisruptionBudget.class, NAMESPACE, "orders", EtcdDisruptionBudgets.budget(spec, 1))).isNull();
        assertThat(applier.delete(PersistentVolumeClaim.class, NAMESPACE, "data-orders-2")).isTrue();
        assertThat(panel.pods().inNamespace(NAMESPACE).withName("orders-2").delete()).isNotEmpty();
        // and the cluster is deleted
        for (HasMetadata object : created) {
            if (!(object instanceof PodDisruptionBudget)) {
                assertThat(applier.delete(object.getClass(), NAMESPACE, object.getMetadata().getName())).isTrue();
            }
        }
        assertThat(panel.apps().statefulSets().inNamespace(NAMESPACE).list().getItems()).isEmpty();
    }

    @Test
    void serviceAccountIsRefusedOutsideItsRole() {
        ClusterSpec elsewhere = new ClusterSpec("orders", 3, "3.4.23", "kubernetes", ELSEWHERE, null, null, 0);
        KubernetesApplier applier = new KubernetesApplier(panel, cache, new KubernetesProperties(true,
                RuntimeSettings.DEFAULT_IMAGE_REPOSITORY, KubernetesProperties.MemberAccess.POD_DNS, List.of(), Duration.ofSeconds(10), List.of("3.5.21")));

        assertForbidden(() -> panel.secrets().inNamespace(NAMESPACE).list());
        assertForbidden(() -> panel.secrets().inNamespace(ELSEWHERE).list());
        assertForbidden(() -> panel.apps().statefulSets().inNamespace(ELSEWHERE).list());
        assertForbidden(() -> applier.apply(EtcdServices.headless(elsewhere)));
        assertForbidden(() -> panel.namespaces().list());
        assertForbidden(() -> panel.nodes().list());
        assertThat(KUBE.client().services().inNamespace(ELSEWHERE).withName("orders").get()).isNull();
    }

    @ParameterizedTest(name = "{0} {1}/{2} in {3}: {4}")
    @CsvSource({
            "create, apps, statefulsets, etcd-panel, true",
            "patch, apps, statefulsets, etcd-panel, true",
            "delete, apps, statefulsets, etcd-panel, true",
            "watch, apps, statefulsets, etcd-panel, true",
            "update, apps, statefulsets, etcd-panel, false",
            "patch, , configmaps, etcd-panel, true",
            "patch, , services, etcd-panel, true",
            "patch, policy, poddisruptionbudgets, etcd-panel, true",
            "delete, , pods, etcd-panel, true",
            "create, , pods, etcd-panel, false",
            "get, , pods/log, etcd-panel, true",
            "create, , pods/exec, etcd-panel, false",
            "create, , pods/portforward, etcd-panel, false",
            "patch, , persistentvolumeclaims, etcd-panel, true",
            "create, , persistentvolumeclaims, etcd-panel, true",
            "update, , persistentvolumeclaims, etcd-panel, false",
            "list, , events, etcd-panel, true",
            "create, , events, etcd-panel, false",
            "get, , secrets, etcd-panel, false",
            "create, batch, jobs, etcd-panel, true",
            "delete, batch, jobs, etcd-panel, true",
            "update, batch, jobs, etcd-panel, false",
            "create, batch, cronjobs, etcd-panel, false",
            "get, , configmaps, elsewhere, false",
            "patch, apps, statefulsets, elsewhere, false",
            "create, rbac.authorization.k8s.io, roles, etcd-panel, false",
            "get, storage.k8s.io, storageclasses, , true",
            "list, storage.k8s.io, storageclasses, , false",
            "watch, storage.k8s.io, storageclasses, , false",
            "patch, storage.k8s.io, storageclasses, , false",
            "get, , persistentvolumes, , false",
            "list, , persistentvolumeclaims, , false",
    })
    void roleAllowsExactlyWhatThePanelUses(String verb, String group, String resource, String namespace, boolean allowed) {
        String[] parts = resource.split("/");
        boolean answer = panel.authorization().v1().selfSubjectAccessReview().create(new SelfSubjectAccessReviewBuilder()
                .withNewSpec().withNewResourceAttributes()
                .withVerb(verb).withGroup(group == null ? "" : group).withResource(parts[0])
                .withSubresource(parts.length > 1 ? parts[1] : null).withNamespace(namespace)
                .endResourceAttributes().endSpec().build()).getStatus().getAllowed();

        assertThat(answer).isEqualTo(allowed);
    }

    @Test
    void serviceAccountGetsAStorageClassAndListsNone() {
        KUBE.client().resource(new StorageClassBuilder().withNewMetadata().withName("rbac-expandable").endMetadata()
                .withProvisioner("example.com/none").withAllowVolumeExpansion(true).build()).create();

        assertThat(panel.storage().v1().storageClasses().withName("rbac-expandable").get().getAllowVolumeExpansion()).isTrue();
        assertForbidden(() -> panel.storage().v1().storageClasses().list());
    }

    @Test
    void roleHasNoWildcardNoSecretsAndNoExec() throws IOException {
        Role role = load("rbac.yaml").stream().filter(Role.class::isInstance).map(Role.class::cast).findFirst().orElseThrow();
        ClusterRole clusterRole = load("rbac.yaml").stream().filter(ClusterRole.class::isInstance).map(ClusterRole.class::cast)
                .findFirst().orElseThrow();

        assertThat(load("rbac.yaml")).extracting(HasMetadata::getKind)
                .containsExactlyInAnyOrder("ServiceAccount", "Role", "RoleBinding", "ClusterRole", "ClusterRoleBinding");
        // cluster-wide, only what storage growth reads
        assertThat(clusterRole.getRules()).singleElement().satisfies(rule -> {
            assertThat(rule.getApiGroups()).containsExactly("storage.k8s.io");
            assertThat(rule.getResources()).containsExactly("storageclasses");
            assertThat(rule.getVerbs()).containsExactly("get");
        });
        assertThat(Files.readString(PanelManifestsIT.MANIFESTS.resolve("rbac.yaml"))).doesNotContain("\"*\"", "'*'", "[*]");
        assertThat(role.getRules()).allSatisfy(rule -> {
            assertThat(rule.getVerbs()).doesNotContain("*").isNotEmpty();
            assertThat(rule.getResources()).doesNotContain("*", "secrets", "pods/exec", "pods/attach").isNotEmpty();
            assertThat(rule.getApiGroups()).doesNotContain("*");
            assertThat(rule.getResourceNames()).isEmpty();
        });
    }

    @Test
    void applyingAnObjectThatDoesNotExistYetNeedsCreateBesidesPatch() {
        KubernetesClient admin = KUBE.client();
        admin.resource(new io.fabric8.kubernetes.api.model.ServiceAccountBuilder().withNewMetadata().withName("patch-only")
                .withNamespace(NAMESPACE).endMetadata().build()).create();
        admin.resource(new io.fabric8.kubernetes.api.model.rbac.RoleBuilder().withNewMetadata().withName("patch-only")
                .withNamespace(NAMESPACE).endMetadata()
                .addNewRule().withApiGroups("").withResources("configmaps").withVerbs("get", "patch").endRule().build()).create();
        admin.resource(new io.fabric8.kubernetes.api.model.rbac.RoleBindingBuilder().withNewMetadata().withName("patch-only")
                .withNamespace(NAMESPACE).endMetadata()
                .withNewRoleRef().withApiGroup("rbac.authorization.k8s.io").withKind("Role").withName("patch-only").endRoleRef()
                .addNewSubject().withKind("ServiceAccount").withName("patch-only").withNamespace(NAMESPACE).endSubject()
                .build()).create();
        String token = admin.serviceAccounts().inNamespace(NAMESPACE).withName("patch-only")
                .tokenRequest(new TokenRequestBuilder().withNewSpec().withExpirationSeconds(600L).endSpec().build())
                .getStatus().getToken();
        ClusterSpec spec = new ClusterSpec("patchonly", 1, "3.4.23", "kubernetes", NAMESPACE, null, null, 0);

        try (KubernetesClient patchOnly = KUBE.clientWithToken(token)) {
            KubernetesApplier applier = new KubernetesApplier(patchOnly, cache, new KubernetesProperties(true,
                    RuntimeSettings.DEFAULT_IMAGE_REPOSITORY, KubernetesProperties.MemberAccess.POD_DNS, List.of(), Duration.ofSeconds(10), List.of("3.5.21")));

            assertForbidden(() -> applier.apply(MemberConfigs.configMap(spec, MemberRoster.of(Map.of()))));
        }
    }

    private static List<HasMetadata> applyAll(KubernetesApplier applier, ClusterSpec spec, int started) {
        Map<String, String> initial = new LinkedHashMap<>();
        for (int ordinal = 0; ordinal < started; ordinal++) {
            initial.put("orders-" + ordinal, MemberAddresses.peerUrl(spec, "orders-" + ordinal));
        }
        Map<String, JoinPlan> plans = new LinkedHashMap<>();
        initial.keySet().forEach(member -> plans.put(member, new JoinPlan(initial, true, "orders-1a2b")));
        return List.of(
                applier.reconcile(Service.class, NAMESPACE, "orders", EtcdServices.headless(spec)),
                applier.reconcile(Service.class, NAMESPACE, "orders-client", EtcdServices.client(spec)),
                applier.reconcile(ConfigMap.class, NAMESPACE, "orders-members", MemberConfigs.configMap(spec, MemberRoster.of(plans))),
                applier.reconcile(StatefulSet.class, NAMESPACE, "orders", EtcdStatefulSets.statefulSet(spec, started, RuntimeSettings.DEFAULT)),
                applier.reconcile(PodDisruptionBudget.class, NAMESPACE, "orders", EtcdDisruptionBudgets.budget(spec, started)));
    }

    private static void assertForbidden(org.assertj.core.api.ThrowableAssert.ThrowingCallable call) {
        assertThatThrownBy(call).isInstanceOfSatisfying(KubernetesClientException.class,
                refused -> assertThat(refused.getCode()).isEqualTo(403));
    }

    private static List<HasMetadata> load(String file) throws IOException {
        try (var in = Files.newInputStream(PanelManifestsIT.MANIFESTS.resolve(file))) {
            return KUBE.client().load(in).items();
        }
    }
}
