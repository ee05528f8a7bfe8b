package io.etcdpanel.runtime.kubernetes.desired;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;

import io.etcdpanel.catalogue.ClusterSpec;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerPort;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.VolumeMount;
import io.fabric8.kubernetes.api.model.WeightedPodAffinityTerm;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import org.assertj.core.groups.Tuple;
import org.junit.jupiter.api.Test;

class EtcdStatefulSetsTest {

    private static final Map<String, String> LABELS = Map.of(
            "app.kubernetes.io/name", "etcd", "app.kubernetes.io/instance", "orders", "app.kubernetes.io/managed-by", "etcd-panel");
    private static final Map<String, String> SELECTOR = Map.of(
            "app.kubernetes.io/name", "etcd", "app.kubernetes.io/instance", "orders");

    private final ClusterSpec spec = DesiredFixtures.orders();
    private final StatefulSet statefulSet = EtcdStatefulSets.statefulSet(spec, 2, RuntimeSettings.DEFAULT);

    @Test
    void statefulSetIsNamedAndLabelledForTheCluster() {
        assertThat(statefulSet.getApiVersion()).isEqualTo("apps/v1");
        assertThat(statefulSet.getKind()).isEqualTo("StatefulSet");
        assertThat(statefulSet.getMetadata().getName()).isEqualTo("orders");
        assertThat(statefulSet.getMetadata().getNamespace()).isEqualTo("shop");
        assertThat(statefulSet.getMetadata().getLabels()).isEqualTo(LABELS);
    }

    @Test
    void replicasAreTheMembersStartedNotTheSpecs() {
        assertThat(spec.replicas()).isEqualTo(3);
        assertThat(statefulSet.getSpec().getReplicas()).isEqualTo(2);
        assertThat(EtcdStatefulSets.statefulSet(spec, 0, RuntimeSettings.DEFAULT).getSpec().getReplicas()).isZero();
    }

    @Test
    void podsStartInParallelUnderTheHeadlessService() {
        assertThat(statefulSet.getSpec().getPodManagementPolicy()).isEqualTo("Parallel");
        assertThat(statefulSet.getSpec().getServiceName()).isEqualTo("orders");
        assertThat(statefulSet.getSpec().getSelector().getMatchLabels()).isEqualTo(SELECTOR);
        assertThat(statefulSet.getSpec().getSelector().getMatchExpressions()).isEmpty();
        assertThat(statefulSet.getSpec().getTemplate().getMetadata().getLabels()).isEqualTo(LABELS);
    }

    @Test
    void containerRunsEtcdWithItsOwnConfigurationFile() {
        Container etcd = container();

        assertThat(etcd.getName()).isEqualTo("etcd");
        assertThat(etcd.getCommand()).containsExactly("/usr/local/bin/etcd");
        assertThat(etcd.getArgs()).containsExactly("--config-file=/etc/etcd-panel/$(POD_NAME).yaml");
        assertThat(etcd.getEnv()).singleElement().satisfies(env -> {
            assertThat(env.getName()).isEqualTo("POD_NAME");
            assertThat(env.getValue()).isNull();
            assertThat(env.getValueFrom().getFieldRef().getFieldPath()).isEqualTo("metadata.name");
        });
        assertThat(etcd.getPorts()).extracting(ContainerPort::getName, ContainerPort::getContainerPort)
                .containsExactly(Tuple.tuple("client", 2379), Tuple.tuple("peer", 2380));
    }

    @Test
    void imageIsTheRepositoryTaggedWithTheVersion() {
        assertThat(container().getImage()).isEqualTo("gcr.io/etcd-development/etcd:v3.5.21");
        assertThat(EtcdStatefulSets.image(DesiredFixtures.withVersion(spec, "v3.4.23"), new RuntimeSettings("registry.example/etcd", null)))
                .isEqualTo("registry.example/etcd:v3.4.23");
        assertThat(new RuntimeSettings(null, null).imageRepository()).isEqualTo("gcr.io/etcd-development/etcd");
    }

    @Test
    void volumesAreTheClaimAndTheMembersConfigMap() {
        assertThat(container().getVolumeMounts())
                .extracting(VolumeMount::getName, VolumeMount::getMountPath, VolumeMount::getReadOnly)
                .containsExactly(Tuple.tuple("data", "/var/lib/etcd", null), Tuple.tuple("members", "/etc/etcd-panel", true));
        assertThat(pod().getVolumes()).singleElement().satisfies(volume -> {
            assertThat(volume.getName()).isEqualTo("members");
            assertThat(volume.getConfigMap().getName()).isEqualTo("orders-members");
            assertThat(volume.getConfigMap().getItems()).isEmpty();
            assertThat(volume.getConfigMap().getOptional()).isNull();
        });
    }

    @Test
    void claimTemplateAsksForTheSizeAndClassOfTheSpec() {
        PersistentVolumeClaim claim = statefulSet.getSpec().getVolumeClaimTemplates().get(0);

        assertThat(statefulSet.getSpec().getVolumeClaimTemplates()).hasSize(1);
        assertThat(claim.getMetadata().getName()).isEqualTo("data");
        assertThat(claim.getMetadata().getLabels()).isEqualTo(LABELS);
        assertThat(claim.getMetadata().getNamespace()).isNull();
        assertThat(claim.getSpec().getAccessModes()).containsExactly("ReadWriteOnce");
        assertThat(claim.getSpec().getStorageClassName()).isEqualTo("fast-ssd");
        assertThat(claim.getSpec().getResources().getRequests()).containsExactly(Map.entry("storage", new Quantity("20Gi")));
    }

    @Test
    void claimWithoutStorageClassLeavesItToTheClusterDefault() {
        ClusterSpec noClass = new ClusterSpec("orders", 3, "3.5.21", "kubernetes", "shop",
                new ClusterSpec.Storage("5Gi", null), null, 0);
        ClusterSpec blankClass = new ClusterSpec("orders", 3, "3.5.21", "kubernetes", "shop",
                new ClusterSpec.Storage("5Gi", " "), null, 0);
        ClusterSpec noStorage = new ClusterSpec("orders", 3, "3.5.21", "kubernetes", "shop", null, null, 0);

        PersistentVolumeClaim claim = EtcdStatefulSets.statefulSet(noClass, 3, RuntimeSettings.DEFAULT)
                .getSpec().getVolumeClaimTemplates().get(0);
        assertThat(claim.getSpec().getStorageClassName()).isNull();
        assertThat(claim.getSpec().getResources().getRequests()).containsEntry("storage", new Quantity("5Gi"));
        assertThat(EtcdStatefulSets.statefulSet(blankClass, 3, RuntimeSettings.DEFAULT)
                .getSpec().getVolumeClaimTemplates().get(0).getSpec().getStorageClassName()).isNull();
        PersistentVolumeClaim defaultClaim = EtcdStatefulSets.statefulSet(noStorage, 3, RuntimeSettings.DEFAULT)
                .getSpec().getVolumeClaimTemplates().get(0);
        assertThat(defaultClaim.getSpec().getStorageClassName()).isNull();
        assertThat(defaultClaim.getSpec().getResources().getRequests()).containsEntry("storage", new Quantity("8Gi"));
    }

    @Test
    void resourcesRequestTheSpecsCpuAndMemory() {
        assertThat(container().getResources().getRequests())
                .containsExactly(Map.entry("cpu", new Quantity("1")), Map.entry("memory", new Quantity("2Gi")));
        assertThat(container().getResources().getLimits()).isEmpty();
    }

    @Test
    void resourcesLeftOutAreTheDefaults() {
        ClusterSpec none = new ClusterSpec("orders", 3, "3.5.21", "kubernetes", "shop", null, null, 0);
        ClusterSpec memoryOnly = new ClusterSpec("orders", 3, "3.5.21", "kubernetes", "shop", null,
                new ClusterSpec.Resources(null, "4Gi"), 0);

        assertThat(EtcdStatefulSets.requests(none))
                .containsExactly(Map.entry("cpu", new Quantity("500m")), Map.entry("memory", new Quantity("1Gi")));
        assertThat(EtcdStatefulSets.requests(memoryOnly))
                .containsExactly(Map.entry("cpu", new Quantity("500m")), Map.entry("memory", new Quantity("4Gi")));
    }

    @Test
    void probesFitTheVersion() {
        assertThat(container().getReadinessProbe()).isEqualTo(EtcdProbes.readiness("3.5.21"));
        assertThat(container().getReadinessProbe().getHttpGet().getPath()).isEqualTo("/readyz");
        assertThat(container().getLivenessProbe().getHttpGet().getPath()).isEqualTo("/livez");
        assertThat(container().getStartupProbe()).isEqualTo(EtcdProbes.startup("3.5.21"));

        Container old = EtcdStatefulSets.statefulSet(DesiredFixtures.withVersion(spec, "3.4.23"), 3, RuntimeSettings.DEFAULT)
                .getSpec().getTemplate().getSpec().getContainers().get(0);
        assertThat(old.getReadinessProbe().getHttpGet().getPath()).isEqualTo("/health");
        assertThat(old.getLivenessProbe().getTcpSocket()).isNotNull();
    }

    @Test
    void membersPreferDifferentNodes() {
        assertThat(pod().getAffinity().getNodeAffinity()).isNull();
        assertThat(pod().getAffinity().getPodAffinity()).isNull();
        assertThat(pod().getAffinity().getPodAntiAffinity().getRequiredDuringSchedulingIgnoredDuringExecution()).isEmpty();
        WeightedPodAffinityTerm preferred = pod().getAffinity().getPodAntiAffinity()
                .getPreferredDuringSchedulingIgnoredDuringExecution().get(0);
        assertThat(pod().getAffinity().getPodAntiAffinity().getPreferredDuringSchedulingIgnoredDuringExecution()).hasSize(1);
        assertThat(preferred.getWeight()).isEqualTo(100);
        assertThat(preferred.getPodAffinityTerm().getTopologyKey()).isEqualTo("kubernetes.io/hostname");
        assertThat(preferred.getPodAffinityTerm().getLabelSelector().getMatchLabels()).isEqualTo(SELECTOR);
    }

    @Test
    void serviceLinksStayOutOfEtcdsEnvironment() {
        assertThat(pod().getEnableServiceLinks()).isFalse();
        assertThat(pod().getContainers()).hasSize(1);
        assertThat(pod().getInitContainers()).isEmpty();
    }

    private PodSpec pod() {
        return statefulSet.getSpec().getTemplate().getSpec();
    }

    private Container container() {
        return pod().getContainers().get(0);
    }
}
