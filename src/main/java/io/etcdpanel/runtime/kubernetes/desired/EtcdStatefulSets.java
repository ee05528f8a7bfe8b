package io.etcdpanel.runtime.kubernetes.desired;

import java.util.LinkedHashMap;
import java.util.Map;

import io.etcdpanel.catalogue.ClusterSpec;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerBuilder;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaimBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.apps.StatefulSetBuilder;

/** Builds a cluster's StatefulSet: the pod of docs/kubernetes-runtime.md, as many as the members started. */
public final class EtcdStatefulSets {

    public static final String CONTAINER = "etcd";
    public static final String DATA_VOLUME = "data";
    public static final String MEMBERS_VOLUME = "members";
    public static final String ETCD_BINARY = "/usr/local/bin/etcd";
    static final String HOSTNAME_TOPOLOGY = "kubernetes.io/hostname";

    private EtcdStatefulSets() {
    }

    public static String name(ClusterSpec spec) {
        return spec.name();
    }

    /** {@code <repository>:v<version>}, the tags of etcd's own images. */
    public static String image(ClusterSpec spec, RuntimeSettings settings) {
        String version = spec.version().startsWith("v") ? spec.version().substring(1) : spec.version();
        return settings.imageRepository() + ":v" + version;
    }

    /**
     * {@code replicas} is the number of members the panel has started, not the spec's: the panel adds
     * each member to etcd before its pod may exist. Pods start in parallel, because a new cluster's
     * members must all run before any of them is ready.
     */
    public static StatefulSet statefulSet(ClusterSpec spec, int replicas, RuntimeSettings settings) {
        return new StatefulSetBuilder()
                .withMetadata(EtcdObjects.metadata(spec, name(spec)))
                .withNewSpec()
                .withServiceName(EtcdServices.headlessName(spec))
                .withReplicas(replicas)
                .withPodManagementPolicy("Parallel")
                .withNewSelector().withMatchLabels(EtcdLabels.selector(spec)).endSelector()
                .withNewTemplate()
                .withNewMetadata().withLabels(EtcdLabels.of(spec)).endMetadata()
                .withNewSpec()
                // the etcd binary reads ETCD_* variables, and Service links make some: keep its environment ours
                .withEnableServiceLinks(false)
                .withNewAffinity().withNewPodAntiAffinity()
                .addNewPreferredDuringSchedulingIgnoredDuringExecution()
                .withWeight(100)
                .withNewPodAffinityTerm()
                .withNewLabelSelector().withMatchLabels(EtcdLabels.selector(spec)).endLabelSelector()
                .withTopologyKey(HOSTNAME_TOPOLOGY)
                .endPodAffinityTerm()
                .endPreferredDuringSchedulingIgnoredDuringExecution()
                .endPodAntiAffinity().endAffinity()
                .addToContainers(container(spec, settings))
                .addNewVolume()
                .withName(MEMBERS_VOLUME)
                .withNewConfigMap().withName(MemberConfigs.name(spec)).endConfigMap()
                .endVolume()
                .endSpec()
                .endTemplate()
                .addToVolumeClaimTemplates(dataClaim(spec))
                .endSpec()
                .build();
    }

    private static Container container(ClusterSpec spec, RuntimeSettings settings) {
        return new ContainerBuilder()
                .withName(CONTAINER)
                .withImage(image(spec, settings))
                .withCommand(ETCD_BINARY)
                // $(POD_NAME) is expanded by Kubernetes from the env below: the image has no shell
                .withArgs("--config-file=" + MemberConfigs.MOUNT_PATH + "/$(POD_NAME).yaml")
                .addNewEnv()
                .withName("POD_NAME")
                .withNewValueFrom().withNewFieldRef().withFieldPath("metadata.name").endFieldRef().endValueFrom()
                .endEnv()
                .addNewPort().withName("client").withContainerPort(MemberAddresses.CLIENT_PORT).endPort()
                .addNewPort().withName("peer").withContainerPort(MemberAddresses.PEER_PORT).endPort()
                .addNewVolumeMount().withName(DATA_VOLUME).withMountPath(MemberConfigs.DATA_MOUNT_PATH).endVolumeMount()
                .addNewVolumeMount().withName(MEMBERS_VOLUME).withMountPath(MemberConfigs.MOUNT_PATH).withReadOnly(true)
                .endVolumeMount()
                .withNewResources().withRequests(requests(spec)).endResources()
                .withStartupProbe(EtcdProbes.startup(spec.version()))
                .withReadinessProbe(EtcdProbes.readiness(spec.version()))
                .withLivenessProbe(EtcdProbes.liveness(spec.version()))
                .build();
    }

    /** CPU and memory requests from the spec; each one it leaves out is the default's. */
    static Map<String, Quantity> requests(ClusterSpec spec) {
        ClusterSpec.Resources asked = spec.resources() == null ? ClusterSpec.Resources.DEFAULT : spec.resources();
        Map<String, Quantity> requests = new LinkedHashMap<>();
        requests.put("cpu", new Quantity(orDefault(asked.cpu(), ClusterSpec.Resources.DEFAULT.cpu())));
        requests.put("memory", new Quantity(orDefault(asked.memory(), ClusterSpec.Resources.DEFAULT.memory())));
        return requests;
    }

    /**
     * The claim {@code data-<pod>} the StatefulSet would make for the member, made by the panel ahead of the
     * pod so the member's start can record which volume holds its data.
     */
    public static PersistentVolumeClaim memberClaim(ClusterSpec spec, String member) {
        PersistentVolumeClaim claim = dataClaim(spec);
        claim.getMetadata().setName(claimName(member));
        claim.getMetadata().setNamespace(EtcdObjects.namespace(spec));
        return claim;
    }

    public static String claimName(String member) {
        return DATA_VOLUME + "-" + member;
    }

    private static PersistentVolumeClaim dataClaim(ClusterSpec spec) {
        ClusterSpec.Storage storage = spec.storage() == null ? ClusterSpec.Storage.DEFAULT : spec.storage();
        String storageClass = storage.storageClass() == null || storage.storageClass().isBlank() ? null : storage.storageClass();
        return new PersistentVolumeClaimBuilder()
                // the claims made from this template carry the labels too, so the panel may delete them
                .withNewMetadata().withName(DATA_VOLUME).withLabels(EtcdLabels.of(spec)).endMetadata()
                .withNewSpec()
                .withAccessModes("ReadWriteOnce")
                .withStorageClassName(storageClass)
                .withNewResources()
                .addToRequests("storage", new Quantity(orDefault(storage.size(), ClusterSpec.Storage.DEFAULT.size())))
                .endResources()
                .endSpec()
                .build();
    }

    private static String orDefault(String value, String fallback) {
        return value == null || value.isBlank() ? fallback : value;
    }
}
