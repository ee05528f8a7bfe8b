package io.etcdpanel.runtime.kubernetes;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import io.etcdpanel.support.KubeHarness;
import io.etcdpanel.support.Poll;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceAccountBuilder;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.apps.StatefulSetBuilder;
import io.fabric8.kubernetes.api.model.authentication.TokenRequestBuilder;
import io.fabric8.kubernetes.api.model.authorization.v1.SelfSubjectAccessReviewBuilder;
import io.fabric8.kubernetes.api.model.rbac.RoleBindingBuilder;
import io.fabric8.kubernetes.api.model.rbac.RoleBuilder;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.VersionInfo;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The Kubernetes test harness is a real control plane: a real API server, and the real StatefulSet controller. */
class KubeHarnessIT {

    @RegisterExtension
    static final KubeHarness KUBE = new KubeHarness();

    private static final String FIELD_MANAGER = "etcd-panel";
    private static final Duration DEADLINE = Duration.ofSeconds(60);
    private static final Map<String, String> LABELS = Map.of(
            "app.kubernetes.io/name", "etcd", "app.kubernetes.io/instance", "smoke");

    @Test
    void apiServerReportsTheVersionItWasBuiltAs() {
        VersionInfo version = KUBE.client().getKubernetesVersion();

        assertThat(version.getGitVersion()).matches("v1\\.\\d+\\.\\d+");
        assertThat(version.getMajor()).isEqualTo("1");
        assertThat(version.getGitTreeState()).isEqualTo("clean");
    }

    @Test
    void statefulSetControllerCreatesThePodsOfAServerSideAppliedStatefulSet() {
        KubernetesClient client = KUBE.client();
        String namespace = "harness-smoke";
        client.resource(new NamespaceBuilder().withNewMetadata().withName(namespace).endMetadata().build())
                .fieldManager(FIELD_MANAGER).forceConflicts().serverSideApply();
        client.resource(headlessService(namespace)).fieldManager(FIELD_MANAGER).forceConflicts().serverSideApply();

        StatefulSet applied = client.resource(statefulSet(namespace)).fieldManager(FIELD_MANAGER).forceConflicts()
                .serverSideApply();

        assertThat(applied.getMetadata().getManagedFields())
                .anySatisfy(field -> {
                    assertThat(field.getManager()).isEqualTo(FIELD_MANAGER);
                    assertThat(field.getOperation()).isEqualTo("Apply");
                });
        List<Pod> pods = Poll.untilValue("the StatefulSet controller to create 3 pods", DEADLINE, () -> {
            List<Pod> items = client.pods().inNamespace(namespace).withLabels(LABELS).list().getItems();
            return items.size() == 3 ? items : null;
        });
        assertThat(pods).extracting(pod -> pod.getMetadata().getName())
                .containsExactlyInAnyOrder("smoke-0", "smoke-1", "smoke-2");
        assertThat(pods).allSatisfy(pod -> {
            assertThat(pod.getMetadata().getOwnerReferences()).singleElement()
                    .satisfies(owner -> assertThat(owner.getUid()).isEqualTo(applied.getMetadata().getUid()));
            assertThat(pod.getSpec().getHostname()).isEqualTo(pod.getMetadata().getName());
            assertThat(pod.getSpec().getSubdomain()).isEqualTo("smoke");
            // no scheduler and no kubelet here: the pods exist, and nothing runs them
            assertThat(pod.getStatus().getPhase()).isEqualTo("Pending");
            assertThat(pod.getSpec().getNodeName()).isNull();
        });
        assertThat(client.persistentVolumeClaims().inNamespace(namespace).list().getItems())
                .extracting(claim -> claim.getMetadata().getName())
                .containsExactlyInAnyOrder("data-smoke-0", "data-smoke-1", "data-smoke-2");
        Poll.until("the StatefulSet status to count 3 replicas", DEADLINE, () -> {
            StatefulSet observed = client.apps().statefulSets().inNamespace(namespace).withName("smoke").get();
            return observed.getStatus() != null && Integer.valueOf(3).equals(observed.getStatus().getReplicas())
                    && applied.getMetadata().getGeneration().equals(observed.getStatus().getObservedGeneration());
        });
    }

    @Test
    void reapplyingTheSameStatefulSetChangesNothing() {
        KubernetesClient client = KUBE.client();
        String namespace = "harness-reapply";
        client.resource(new NamespaceBuilder().withNewMetadata().withName(namespace).endMetadata().build())
                .fieldManager(FIELD_MANAGER).forceConflicts().serverSideApply();
        StatefulSet first = client.resource(statefulSet(namespace)).fieldManager(FIELD_MANAGER).forceConflicts()
                .serverSideApply();

        StatefulSet second = client.resource(statefulSet(namespace)).fieldManager(FIELD_MANAGER).forceConflicts()
                .serverSideApply();

        assertThat(second.getMetadata().getResourceVersion()).isEqualTo(first.getMetadata().getResourceVersion());
        assertThat(second.getMetadata().getGeneration()).isEqualTo(first.getMetadata().getGeneration());
    }

    @Test
    void deletedNamespaceIsEmptiedAndGoesAway() {
        KubernetesClient client = KUBE.client();
        String namespace = "harness-delete";
        client.resource(new NamespaceBuilder().withNewMetadata().withName(namespace).endMetadata().build())
                .fieldManager(FIELD_MANAGER).forceConflicts().serverSideApply();
        client.resource(headlessService(namespace)).fieldManager(FIELD_MANAGER).forceConflicts().serverSideApply();
        client.resource(statefulSet(namespace)).fieldManager(FIELD_MANAGER).forceConflicts().serverSideApply();
        Poll.until("3 pods and 3 claims", DEADLINE,
                () -> client.pods().inNamespace(namespace).list().getItems().size() == 3
                        && client.persistentVolumeClaims().inNamespace(namespace).list().getItems().size() == 3);

        client.namespaces().withName(namespace).delete();

        // the namespace controller empties it; the claims' protection finalizers must be taken off for that
        Poll.until("namespace " + namespace + " gone", DEADLINE,
                () -> client.namespaces().withName(namespace).get() == null);
    }

    @Test
    void kubeconfigFileGivesAnotherClientTheSameAdmin() throws Exception {
        assertThat(Files.readString(KUBE.kubeconfig())).contains("server: " + KUBE.apiServer());

        try (KubernetesClient other = new KubernetesClientBuilder()
                .withConfig(Config.fromKubeconfig(KUBE.kubeconfig().toFile())).build()) {
            Namespace kubeSystem = other.namespaces().withName("kube-system").get();

            assertThat(kubeSystem).isNotNull();
            assertThat(other.authorization().v1().selfSubjectAccessReview().create(
                    new SelfSubjectAccessReviewBuilder()
                            .withNewSpec().withNewResourceAttributes().withVerb("*").withResource("*").withGroup("*")
                            .endResourceAttributes().endSpec().build())
                    .getStatus().getAllowed()).isTrue();
        }
    }

    @Test
    void serviceAccountTokenIsHeldToWhatItsRoleAllows() {
        KubernetesClient admin = KUBE.client();
        String namespace = "harness-rbac";
        admin.resource(new NamespaceBuilder().withNewMetadata().withName(namespace).endMetadata().build())
                .fieldManager(FIELD_MANAGER).forceConflicts().serverSideApply();
        admin.resource(new ServiceAccountBuilder().withNewMetadata().withName("panel").withNamespace(namespace)
                .endMetadata().build()).fieldManager(FIELD_MANAGER).forceConflicts().serverSideApply();
        admin.resource(new RoleBuilder().withNewMetadata().withName("pod-reader").withNamespace(namespace).endMetadata()
                .addNewRule().withApiGroups("").withResources("pods").withVerbs("get", "list").endRule().build())
                .fieldManager(FIELD_MANAGER).forceConflicts().serverSideApply();
        admin.resource(new RoleBindingBuilder().withNewMetadata().withName("panel").withNamespace(namespace).endMetadata()
                .withNewRoleRef().withApiGroup("rbac.authorization.k8s.io").withKind("Role").withName("pod-reader")
                .endRoleRef()
                .addNewSubject().withKind("ServiceAccount").withName("panel").withNamespace(namespace).endSubject()
                .build()).fieldManager(FIELD_MANAGER).forceConflicts().serverSideApply();

        String token = admin.serviceAccounts().inNamespace(namespace).withName("panel")
                .tokenRequest(new TokenRequestBuilder().withNewSpec().withExpirationSeconds(600L).endSpec().build())
                .getStatus().getToken();

        try (KubernetesClient panel = KUBE.clientWithToken(token)) {
            assertThat(panel.pods().inNamespace(namespace).list().getItems()).isEmpty();
            assertThatThrownBy(() -> panel.secrets().inNamespace("kube-system").list())
                    .isInstanceOfSatisfying(KubernetesClientException.class,
                            refused -> assertThat(refused.getCode()).isEqualTo(403));
        }
    }

    private static Service headlessService(String namespace) {
        return new ServiceBuilder()
                .withNewMetadata().withName("smoke").withNamespace(namespace).withLabels(LABELS).endMetadata()
                .withNewSpec()
                .withClusterIP("None")
                .withPublishNotReadyAddresses(true)
                .withSelector(LABELS)
                .addNewPort().withName("peer").withPort(2380).endPort()
                .addNewPort().withName("client").withPort(2379).endPort()
                .endSpec()
                .build();
    }

    private static StatefulSet statefulSet(String namespace) {
        return new StatefulSetBuilder()
                .withNewMetadata().withName("smoke").withNamespace(namespace).withLabels(LABELS).endMetadata()
                .withNewSpec()
                .withServiceName("smoke")
                .withReplicas(3)
                .withPodManagementPolicy("Parallel")
                .withNewSelector().withMatchLabels(LABELS).endSelector()
                .withNewTemplate()
                .withNewMetadata().withLabels(LABELS).endMetadata()
                .withNewSpec()
                .addNewContainer()
                .withName("etcd")
                .withImage("registry.k8s.io/etcd:3.5.21-0")
                .withCommand("etcd")
                .endContainer()
                .endSpec()
                .endTemplate()
                .addNewVolumeClaimTemplate()
                .withNewMetadata().withName("data").endMetadata()
                .withNewSpec()
                .withAccessModes("ReadWriteOnce")
                .withNewResources().addToRequests("storage", new Quantity("1Gi")).endResources()
                .endSpec()
                .endVolumeClaimTemplate()
                .endSpec()
                .build();
    }
}
