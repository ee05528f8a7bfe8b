package io.etcdpanel.runtime.kubernetes;

import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import io.etcdpanel.catalogue.ClusterSpec;
import io.etcdpanel.catalogue.RuntimeOffer;
import io.etcdpanel.runtime.ClusterRuntime;
import io.etcdpanel.runtime.JoinPlan;
import io.etcdpanel.runtime.MemberInstance;
import io.etcdpanel.runtime.MemberNames;
import io.etcdpanel.runtime.RestorePlan;
import io.etcdpanel.runtime.SnapshotLinks;
import io.etcdpanel.runtime.kubernetes.desired.EtcdDisruptionBudgets;
import io.etcdpanel.runtime.kubernetes.desired.EtcdLabels;
import io.etcdpanel.runtime.kubernetes.desired.EtcdObjects;
import io.etcdpanel.runtime.kubernetes.desired.EtcdRestoreJobs;
import io.etcdpanel.runtime.kubernetes.desired.EtcdServices;
import io.etcdpanel.runtime.kubernetes.desired.EtcdStatefulSets;
import io.etcdpanel.runtime.kubernetes.desired.MemberAddresses;
import io.etcdpanel.runtime.kubernetes.desired.MemberConfigs;
import io.etcdpanel.runtime.kubernetes.desired.MemberRoster;
import io.etcdpanel.runtime.kubernetes.desired.RestoreJobPlan;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.KubernetesClientTimeoutException;
import io.fabric8.kubernetes.client.dsl.Resource;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.stereotype.Component;

/**
 * Members as the pods of a StatefulSet: a started member is a {@code <pod>.yaml} in the cluster's
 * ConfigMap and an ordinal below the StatefulSet's replicas; its data is the claim {@code data-<pod>}
 * it was started on, and a restore lays it down with a Job per member. Every write goes through the
 * applier; membership itself is changed through etcd, elsewhere.
 */
@Component
@ConditionalOnProperty(prefix = "etcdpanel.kubernetes", name = "enabled", havingValue = "true")
class KubernetesRuntime implements ClusterRuntime {

    private final KubernetesClient client;
    private final KubernetesCache cache;
    private final KubernetesApplier applier;
    private final KubernetesProperties properties;
    private final KubernetesEventRelay eventRelay;
    private final KubernetesRestoreJobs restoreJobs;
    private final SnapshotLinks links;
    private final MemberForwards forwards;
    private final KubernetesVolumes volumes;

    KubernetesRuntime(KubernetesClient client, KubernetesCache cache, KubernetesApplier applier, KubernetesProperties properties,
            KubernetesEventRelay eventRelay, KubernetesRestoreJobs restoreJobs, SnapshotLinks links, MemberForwards forwards,
            KubernetesVolumes volumes) {
        this.client = client;
        this.cache = cache;
        this.applier = applier;
        this.properties = properties;
        this.eventRelay = eventRelay;
        this.restoreJobs = restoreJobs;
        this.links = links;
        this.forwards = forwards;
        this.volumes = volumes;
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
        MemberRoster roster = roster(cluster);
        Map<String, Pod> pods = cache.list(Pod.class, namespace, EtcdLabels.selector(cluster)).stream()
                .collect(Collectors.toMap(pod -> pod.getMetadata().getName(), pod -> pod, (left, right) -> left));
        // a claim released by an earlier cluster of this name (keepVolumes) is no member's data here
        Map<String, PersistentVolumeClaim> claims = cache.list(PersistentVolumeClaim.class, namespace, EtcdLabels.of(cluster)).stream()
                .collect(Collectors.toMap(claim -> claim.getMetadata().getName(), claim -> claim, (left, right) -> left));
        Set<String> names = new TreeSet<>(Comparator.comparingInt((String member) -> MemberNames.ordinal(cluster.name(), member))
                .thenComparing(Comparator.naturalOrder()));
        names.addAll(roster.plans().keySet());
        names.addAll(pods.keySet());
        if (properties.memberAccess() == KubernetesProperties.MemberAccess.PORT_FORWARD) {
            forwards.retain(namespace, cluster.name(), names);
        }
        return names.stream().map(member -> instance(cluster, member, pods.get(member),
                claims.get(EtcdStatefulSets.claimName(member)), roster)).toList();
    }

    /** A pod's addresses follow from its name, so there is nothing to hand out ahead of its start. */
    @Override
    public MemberInstance allocate(ClusterSpec cluster, String memberName) {
        return instances(cluster).stream().filter(instance -> instance.name().equals(memberName)).findFirst()
                .orElseGet(() -> instance(cluster, memberName, null, null, MemberRoster.EMPTY));
    }

    /**
     * Makes the member's claim (or finds it), writes the member's configuration with the claim's uid, then lets
     * the StatefulSet have its pod. A pod already there (one that ran on a new, empty claim) is started again,
     * so it runs with this configuration. A claim being deleted is waited out: the member starts on a new one.
     */
    @Override
    public void start(ClusterSpec cluster, String memberName, JoinPlan plan) {
        Pod before = pod(cluster, memberName);
        PersistentVolumeClaim old = claim(cluster, memberName);
        if (old != null && old.getMetadata().getDeletionTimestamp() != null) {
            if (before != null) {
                applier.deleteAsSeen(before);
                before = null;
            }
            awaitGone(client.persistentVolumeClaims().inNamespace(EtcdObjects.namespace(cluster))
                    .withName(EtcdStatefulSets.claimName(memberName)), "the deleted claim " + EtcdStatefulSets.claimName(memberName));
        }
        PersistentVolumeClaim claim = applier.apply(EtcdStatefulSets.memberClaim(cluster, memberName));
        applyAll(cluster, roster(cluster).started(memberName, plan, claim.getMetadata().getUid()));
        if (before != null) {
            applier.deleteAsSeen(before);
        }
    }

    /**
     * A changed replica count or image, a deleted Service, budget or ConfigMap: all put back by applying them again.
     * Then the volumes grow a step towards the spec's size. The StatefulSet's status counts only once its controller
     * has seen its latest generation.
     */
    @Override
    public Optional<String> converge(ClusterSpec cluster) {
        MemberRoster roster = roster(cluster);
        StatefulSet statefulSet = applyAll(cluster, roster);
        eventRelay.relay(cluster);
        return volumes.grow(cluster, EtcdStatefulSets.statefulSet(cluster, roster.replicas(cluster.name()), properties.settings()))
                .or(() -> StatefulSetProgress.unsettled(statefulSet));
    }

    /**
     * Lets the StatefulSet run a member held stopped again; otherwise the kubelet restarts containers and the
     * StatefulSet recreates pods, and the panel puts its objects back.
     */
    @Override
    public void restart(ClusterSpec cluster, String memberName) {
        applyAll(cluster, roster(cluster).released(memberName));
    }

    @Override
    public void restartOn(ClusterSpec cluster, String memberName, String version) {
        throw new UnsupportedOperationException("moving a member to another release is not yet carried out on Kubernetes");
    }

    /** Holds the member stopped (the StatefulSet's replicas go below its ordinal) and waits until its pod is gone. */
    @Override
    public void stop(ClusterSpec cluster, String memberName) {
        applyAll(cluster, roster(cluster).holdingStopped(memberName));
        awaitGone(client.pods().inNamespace(EtcdObjects.namespace(cluster)).withName(memberName), "the pod " + memberName);
    }

    @Override
    public Optional<String> volumeGrowthRefusal(ClusterSpec cluster, String size) {
        return volumes.refusal(cluster, size);
    }

    @Override
    public Optional<String> restoreRefusal(ClusterSpec cluster) {
        if (properties.panelUrl().isBlank()) {
            return Optional.of("restoring on Kubernetes needs etcdpanel.kubernetes.panel-url, the address pods reach the panel at "
                    + "(e.g. http://etcd-panel.etcd-panel.svc:8080): a Job per member fetches the snapshot from there");
        }
        return Optional.empty();
    }

    /**
     * Runs the member's restore Job (docs/kubernetes-runtime.md) with a one-time link to the snapshot, waits
     * for it, and keeps the plan for the member's next start. A Job an earlier attempt left is deleted first.
     */
    @Override
    public boolean restoreData(ClusterSpec cluster, String memberName, RestorePlan plan) {
        restoreRefusal(cluster).ifPresent(why -> {
            throw new IllegalStateException(why);
        });
        Pod pod = pod(cluster, memberName);
        if (pod != null && instance(cluster, memberName, pod, null, MemberRoster.EMPTY).running()) {
            throw new IllegalStateException(memberName + " is running; it must be stopped before its data is replaced");
        }
        restoreJobs.run(cluster, new RestoreJobPlan(memberName, snapshotUrl(plan), plan.sha256(), plan.join(), plan.bumpRevision(),
                plan.timeout()));
        applyAll(cluster, roster(cluster).replanned(memberName, plan.join()));
        return plan.bumpRevision() > 0 && EtcdRestoreJobs.bumpsRevision(cluster.version());
    }

    /**
     * Drops the member's configuration, lowers the replicas (its pod goes), and deletes its claim. A member
     * below the highest ordinal keeps its place in the StatefulSet: its pod is deleted so the claim can go,
     * and the pod the StatefulSet makes again is a placeholder until a member is started there.
     */
    @Override
    public void delete(ClusterSpec cluster, String memberName) {
        applyAll(cluster, roster(cluster).without(memberName));
        applier.delete(PersistentVolumeClaim.class, EtcdObjects.namespace(cluster), EtcdStatefulSets.claimName(memberName));
        Pod pod = pod(cluster, memberName);
        if (pod != null && pod.getMetadata().getDeletionTimestamp() == null) {
            applier.deleteAsSeen(pod);
        }
        forwards.forget(EtcdObjects.namespace(cluster), memberName);
    }

    /** With keepVolumes the claims stay, released from the panel; claims it no longer manages (kept before) are never touched. */
    @Override
    public String deleteAll(ClusterSpec cluster, boolean keepVolumes) {
        String namespace = EtcdObjects.namespace(cluster);
        applier.delete(StatefulSet.class, namespace, EtcdStatefulSets.name(cluster));
        applier.delete(PodDisruptionBudget.class, namespace, EtcdDisruptionBudgets.name(cluster));
        applier.delete(Service.class, namespace, EtcdServices.clientName(cluster));
        applier.delete(Service.class, namespace, EtcdServices.headlessName(cluster));
        applier.delete(ConfigMap.class, namespace, MemberConfigs.name(cluster));
        restoreJobs.deleteAll(cluster);
        List<String> claims = cache.list(PersistentVolumeClaim.class, namespace, EtcdLabels.of(cluster)).stream()
                .map(claim -> claim.getMetadata().getName())
                .sorted(Comparator.comparingInt((String claim) -> MemberNames.ordinal(cluster.name(),
                        claim.substring(EtcdStatefulSets.DATA_VOLUME.length() + 1))).thenComparing(Comparator.naturalOrder()))
                .toList();
        claims.forEach(claim -> {
            if (keepVolumes) {
                applier.release(PersistentVolumeClaim.class, namespace, claim);
            } else {
                applier.delete(PersistentVolumeClaim.class, namespace, claim);
            }
        });
        eventRelay.forget(cluster);
        forwards.forgetCluster(namespace, cluster.name());
        return keepVolumes ? KeptClaims.describe(namespace, claims) : null;
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

    /**
     * Every object of the cluster as it should be for this roster; replicas cover the highest ordinal not held stopped.
     * The StatefulSet's claim template keeps its live size: only {@link KubernetesVolumes#grow} changes it.
     */
    private StatefulSet applyAll(ClusterSpec cluster, MemberRoster roster) {
        int replicas = roster.replicas(cluster.name());
        applier.apply(EtcdServices.headless(cluster));
        applier.apply(EtcdServices.client(cluster));
        applier.apply(MemberConfigs.configMap(cluster, roster));
        StatefulSet statefulSet = applier.apply(EtcdStatefulSets.statefulSet(volumes.forStatefulSet(cluster), replicas,
                properties.settings()));
        applier.reconcile(PodDisruptionBudget.class, EtcdObjects.namespace(cluster), EtcdDisruptionBudgets.name(cluster),
                EtcdDisruptionBudgets.budget(cluster, replicas));
        return statefulSet;
    }

    private MemberRoster roster(ClusterSpec cluster) {
        return MemberConfigs.roster(cache.get(ConfigMap.class, EtcdObjects.namespace(cluster), MemberConfigs.name(cluster)));
    }

    private Pod pod(ClusterSpec cluster, String member) {
        return cache.get(Pod.class, EtcdObjects.namespace(cluster), member);
    }

    private PersistentVolumeClaim claim(ClusterSpec cluster, String member) {
        return cache.get(PersistentVolumeClaim.class, EtcdObjects.namespace(cluster), EtcdStatefulSets.claimName(member));
    }

    private void awaitGone(Resource<?> object, String what) {
        Duration deadline = properties.podTimeout();
        try {
            object.waitUntilCondition(Objects::isNull, deadline.toMillis(), TimeUnit.MILLISECONDS);
        } catch (KubernetesClientTimeoutException e) {
            throw new IllegalStateException(what + " was still there after " + deadline.toSeconds() + " s");
        }
    }

    /**
     * A pod runs the member while it is not going or finished, and while it runs on the claim the member was
     * started on: one on a new, empty claim is not the member (its data is gone) and the panel replaces it.
     * Where other members are started and this one is not, its pod and claim are the StatefulSet's placeholders
     * for an ordinal below its replicas: no member runs there and no data is kept there yet.
     */
    private MemberInstance instance(ClusterSpec cluster, String member, Pod pod, PersistentVolumeClaim claim, MemberRoster roster) {
        boolean started = roster.plans().containsKey(member);
        boolean placeholder = !started && !roster.plans().isEmpty();
        boolean onItsVolume = !placeholder && (claim == null || roster.onItsVolume(member, claim.getMetadata().getUid()));
        boolean running = pod != null && pod.getMetadata().getDeletionTimestamp() == null && onItsVolume
                && (pod.getStatus() == null || !List.of("Failed", "Succeeded").contains(pod.getStatus().getPhase()));
        return new MemberInstance(member, MemberAddresses.peerUrl(cluster, member), clientUrl(cluster, member, pod, started), running,
                claim != null && onItsVolume, started, started ? runningVersion(cluster, pod) : null);
    }

    /** The release a member's pod runs: its etcd container's image tag; the spec's until the pod exists. */
    private static String runningVersion(ClusterSpec cluster, Pod pod) {
        if (pod == null || pod.getSpec() == null) {
            return cluster.version();
        }
        return pod.getSpec().getContainers().stream().filter(container -> EtcdStatefulSets.CONTAINER.equals(container.getName())).findFirst()
                .map(container -> container.getImage().substring(container.getImage().lastIndexOf(':') + 1))
                .map(tag -> tag.startsWith("v") ? tag.substring(1) : tag)
                .orElse(cluster.version());
    }

    /**
     * Where the panel reaches the member: its pod IP, a loopback port forwarded to its pod, or its DNS name from inside
     * the cluster (and before it has an IP).
     */
    private String clientUrl(ClusterSpec cluster, String member, Pod pod, boolean started) {
        if (properties.memberAccess() == KubernetesProperties.MemberAccess.PORT_FORWARD) {
            return forwards.clientUrl(EtcdObjects.namespace(cluster), member, pod, started)
                    .orElseGet(() -> MemberAddresses.clientUrl(cluster, member));
        }
        Optional<String> podIp = Optional.ofNullable(pod).map(Pod::getStatus).map(status -> status.getPodIP());
        if (properties.memberAccess() == KubernetesProperties.MemberAccess.POD_IP && podIp.isPresent()) {
            return "http://" + podIp.get() + ":" + MemberAddresses.CLIENT_PORT;
        }
        return MemberAddresses.clientUrl(cluster, member);
    }

    private String snapshotUrl(RestorePlan plan) {
        String base = properties.panelUrl().endsWith("/") ? properties.panelUrl().substring(0, properties.panelUrl().length() - 1)
                : properties.panelUrl();
        return base + links.oneTimePath(plan.snapshot(), plan.timeout());
    }
}
