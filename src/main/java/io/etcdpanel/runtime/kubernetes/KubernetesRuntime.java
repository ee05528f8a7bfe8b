package io.etcdpanel.runtime.kubernetes;

import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

import io.etcdpanel.catalogue.ClusterSpec;
import io.etcdpanel.catalogue.RuntimeOffer;
import io.etcdpanel.runtime.ClusterRuntime;
import io.etcdpanel.runtime.JoinPlan;
import io.etcdpanel.runtime.MemberInstance;
import io.etcdpanel.runtime.MemberNames;
import io.etcdpanel.runtime.RestorePlan;
import io.etcdpanel.runtime.kubernetes.desired.EtcdDisruptionBudgets;
import io.etcdpanel.runtime.kubernetes.desired.EtcdLabels;
import io.etcdpanel.runtime.kubernetes.desired.EtcdObjects;
import io.etcdpanel.runtime.kubernetes.desired.EtcdServices;
import io.etcdpanel.runtime.kubernetes.desired.EtcdStatefulSets;
import io.etcdpanel.runtime.kubernetes.desired.MemberAddresses;
import io.etcdpanel.runtime.kubernetes.desired.MemberConfigs;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.stereotype.Component;

/**
 * Members as the pods of a StatefulSet: a started member is a {@code <pod>.yaml} in the cluster's
 * ConfigMap and an ordinal below the StatefulSet's replicas; its data is the claim {@code data-<pod>}.
 * Every write goes through the applier; membership itself is changed through etcd, elsewhere.
 */
@Component
@ConditionalOnProperty(prefix = "etcdpanel.kubernetes", name = "enabled", havingValue = "true")
class KubernetesRuntime implements ClusterRuntime {

    private final KubernetesClient client;
    private final KubernetesCache cache;
    private final KubernetesApplier applier;
    private final KubernetesProperties properties;
    private final KubernetesEventRelay eventRelay;

    KubernetesRuntime(KubernetesClient client, KubernetesCache cache, KubernetesApplier applier, KubernetesProperties properties,
            KubernetesEventRelay eventRelay) {
        if (properties.memberAccess() == KubernetesProperties.MemberAccess.PORT_FORWARD) {
            throw new IllegalStateException("etcdpanel.kubernetes.member-access=port-forward is not built yet: use pod-ip "
                    + "(the panel can route to pod IPs) or pod-dns (the panel runs in the cluster)");
        }
        this.client = client;
        this.cache = cache;
        this.applier = applier;
        this.properties = properties;
        this.eventRelay = eventRelay;
    }

    @Override
    public String name() {
        return "kubernetes";
    }

    @Override
    public RuntimeOffer describe() {
        List<String> versions = properties.versions();
        try {
            String server = client.getKubernetesVersion().getGitVersion();
            return new RuntimeOffer(name(), true, versions, versions.isEmpty() ? null : versions.get(0), "API server " + server,
                    properties.namespaces());
        } catch (KubernetesClientException e) {
            return new RuntimeOffer(name(), false, versions, null, "the API server does not answer (" + e.getMessage()
                    + "): check the kubeconfig or the service account the panel runs as");
        }
    }

    @Override
    public List<MemberInstance> instances(ClusterSpec cluster) {
        String namespace = EtcdObjects.namespace(cluster);
        Map<String, JoinPlan> plans = plans(cluster);
        Map<String, Pod> pods = cache.list(Pod.class, namespace, EtcdLabels.selector(cluster)).stream()
                .collect(Collectors.toMap(pod -> pod.getMetadata().getName(), pod -> pod, (left, right) -> left));
        Set<String> claims = cache.list(PersistentVolumeClaim.class, namespace, EtcdLabels.selector(cluster))
                .stream().map(claim -> claim.getMetadata().getName()).collect(Collectors.toSet());
        Set<String> names = new TreeSet<>(Comparator.comparingInt((String member) -> MemberNames.ordinal(cluster.name(), member))
                .thenComparing(Comparator.naturalOrder()));
        names.addAll(plans.keySet());
        names.addAll(pods.keySet());
        return names.stream().map(member -> instance(cluster, member, pods.get(member), claims.contains(claimName(member)),
                plans.containsKey(member))).toList();
    }

    /** A pod's addresses follow from its name, so there is nothing to hand out ahead of its start. */
    @Override
    public MemberInstance allocate(ClusterSpec cluster, String memberName) {
        return instances(cluster).stream().filter(instance -> instance.name().equals(memberName)).findFirst()
                .orElseGet(() -> instance(cluster, memberName, null, false, false));
    }

    /** Writes the member's configuration, then lets the StatefulSet have its pod. */
    @Override
    public void start(ClusterSpec cluster, String memberName, JoinPlan plan) {
        Map<String, JoinPlan> plans = plans(cluster);
        plans.put(memberName, plan);
        applyAll(cluster, plans);
    }

    /** A changed replica count or image, a deleted Service, budget or ConfigMap: all put back by applying them again. */
    @Override
    public void converge(ClusterSpec cluster) {
        applyAll(cluster, plans(cluster));
        eventRelay.relay(cluster);
    }

    /** The kubelet restarts containers and the StatefulSet recreates pods; the panel puts its objects back. */
    @Override
    public void restart(ClusterSpec cluster, String memberName) {
        converge(cluster);
    }

    @Override
    public void stop(ClusterSpec cluster, String memberName) {
        throw new UnsupportedOperationException("restoring a cluster on Kubernetes is not built yet");
    }

    @Override
    public boolean restoreData(ClusterSpec cluster, String memberName, RestorePlan plan) {
        throw new UnsupportedOperationException("restoring a cluster on Kubernetes is not built yet");
    }

    /** Drops the member's configuration, lowers the replicas (its pod goes), and deletes its claim. */
    @Override
    public void delete(ClusterSpec cluster, String memberName) {
        Map<String, JoinPlan> plans = plans(cluster);
        plans.remove(memberName);
        applyAll(cluster, plans);
        applier.delete(PersistentVolumeClaim.class, EtcdObjects.namespace(cluster), claimName(memberName));
    }

    @Override
    public void deleteAll(ClusterSpec cluster) {
        String namespace = EtcdObjects.namespace(cluster);
        applier.delete(StatefulSet.class, namespace, EtcdStatefulSets.name(cluster));
        applier.delete(PodDisruptionBudget.class, namespace, EtcdDisruptionBudgets.name(cluster));
        applier.delete(Service.class, namespace, EtcdServices.clientName(cluster));
        applier.delete(Service.class, namespace, EtcdServices.headlessName(cluster));
        applier.delete(ConfigMap.class, namespace, MemberConfigs.name(cluster));
        cache.list(PersistentVolumeClaim.class, namespace, EtcdLabels.selector(cluster))
                .forEach(claim -> applier.delete(PersistentVolumeClaim.class, namespace, claim.getMetadata().getName()));
        eventRelay.forget(cluster);
    }

    @Override
    public List<String> logTail(ClusterSpec cluster, String memberName, int lines) {
        try {
            String log = client.pods().inNamespace(EtcdObjects.namespace(cluster)).withName(memberName)
                    .inContainer(EtcdStatefulSets.CONTAINER).tailingLines(lines).getLog();
            return log == null ? List.of() : List.of(log.split("\n"));
        } catch (KubernetesClientException e) {
            return List.of("the pod's log could not be read: " + e.getMessage());
        }
    }

    /** Every object of the cluster as it should be for these started members; replicas cover the highest ordinal. */
    private void applyAll(ClusterSpec cluster, Map<String, JoinPlan> plans) {
        int replicas = plans.keySet().stream().mapToInt(member -> MemberNames.ordinal(cluster.name(), member) + 1).max().orElse(0);
        applier.apply(EtcdServices.headless(cluster));
        applier.apply(EtcdServices.client(cluster));
        applier.apply(MemberConfigs.configMap(cluster, plans));
        applier.apply(EtcdStatefulSets.statefulSet(cluster, replicas, properties.settings()));
        applier.reconcile(PodDisruptionBudget.class, EtcdObjects.namespace(cluster), EtcdDisruptionBudgets.name(cluster),
                EtcdDisruptionBudgets.budget(cluster, replicas));
    }

    private Map<String, JoinPlan> plans(ClusterSpec cluster) {
        return MemberConfigs.plans(cache.get(ConfigMap.class, EtcdObjects.namespace(cluster), MemberConfigs.name(cluster)));
    }

    private MemberInstance instance(ClusterSpec cluster, String member, Pod pod, boolean hasData, boolean started) {
        // a pod the kubelet is starting or restarting is its to run: the panel starts nothing while the pod exists
        boolean running = pod != null && pod.getMetadata().getDeletionTimestamp() == null
                && (pod.getStatus() == null || !List.of("Failed", "Succeeded").contains(pod.getStatus().getPhase()));
        return new MemberInstance(member, MemberAddresses.peerUrl(cluster, member), clientUrl(cluster, member, pod), running,
                hasData, started);
    }

    /** Where the panel reaches the member: its pod IP, or its DNS name from inside the cluster (and before it has an IP). */
    private String clientUrl(ClusterSpec cluster, String member, Pod pod) {
        Optional<String> podIp = Optional.ofNullable(pod).map(Pod::getStatus).map(status -> status.getPodIP());
        if (properties.memberAccess() == KubernetesProperties.MemberAccess.POD_IP && podIp.isPresent()) {
            return "http://" + podIp.get() + ":" + MemberAddresses.CLIENT_PORT;
        }
        return MemberAddresses.clientUrl(cluster, member);
    }

    private static String claimName(String member) {
        return EtcdStatefulSets.DATA_VOLUME + "-" + member;
    }
}
