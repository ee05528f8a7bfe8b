package io.etcdpanel.runtime.kubernetes;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

import io.etcdpanel.catalogue.ClusterSpec;
import io.etcdpanel.events.EventLog;
import io.etcdpanel.runtime.kubernetes.desired.EtcdLabels;
import io.etcdpanel.runtime.kubernetes.desired.EtcdObjects;
import io.etcdpanel.runtime.kubernetes.desired.EtcdStatefulSets;
import io.etcdpanel.runtime.kubernetes.desired.VolumeGrowth;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.storage.StorageClass;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.stereotype.Component;

/**
 * Owns growing a cluster's volumes to its spec's size, a step per pass from what it sees (so a panel killed part-way
 * carries on): asks each smaller bound claim for the size when its storage class allows expansion, waits until every
 * claim holds it, then replaces the StatefulSet keeping its pods, so its claim template says the size too. Until then
 * the StatefulSet is applied with the template it has (a volume claim template cannot be changed in place).
 * Storage classes are read (get) only while a claim is to be asked for more.
 */
@Component
@ConditionalOnProperty(prefix = "etcdpanel.kubernetes", name = "enabled", havingValue = "true")
class KubernetesVolumes {

    private static final Logger log = LoggerFactory.getLogger(KubernetesVolumes.class);

    private final KubernetesClient client;
    private final KubernetesCache cache;
    private final KubernetesApplier applier;
    private final KubernetesProperties properties;
    private final EventLog events;

    KubernetesVolumes(KubernetesClient client, KubernetesCache cache, KubernetesApplier applier, KubernetesProperties properties,
            EventLog events) {
        this.client = client;
        this.cache = cache;
        this.applier = applier;
        this.properties = properties;
        this.events = events;
    }

    /** The spec the StatefulSet is applied with: its claim template keeps the size it has live until {@link #grow} replaces it. */
    ClusterSpec forStatefulSet(ClusterSpec cluster) {
        StatefulSet live = cache.get(StatefulSet.class, EtcdObjects.namespace(cluster), EtcdStatefulSets.name(cluster));
        return live == null ? cluster : VolumeGrowth.templateSize(live).map(cluster::withStorageSize).orElse(cluster);
    }

    /**
     * Why the claims cannot grow to the size, as far as the panel can tell before it stores the size: a claim not bound
     * yet, or a storage class that does not allow expansion. A class it cannot read now is left to the passes, which say so.
     */
    Optional<String> refusal(ClusterSpec cluster, String size) {
        List<PersistentVolumeClaim> toAsk = VolumeGrowth.toAsk(size, claims(cluster));
        try {
            Optional<String> byClass = classRefusal(toAsk, size);
            if (byClass.isPresent()) {
                return byClass;
            }
        } catch (KubernetesClientException e) {
            log.warn("{}: storage classes not read ({}); the next passes check them", cluster.name(), e.getMessage());
        }
        List<String> unbound = toAsk.stream().filter(claim -> !VolumeGrowth.bound(claim)).map(KubernetesVolumes::name).sorted().toList();
        return unbound.isEmpty() ? Optional.empty() : Optional.of("the claims " + String.join(", ", unbound) + " are not bound "
                + "to volumes yet, and Kubernetes resizes bound claims only: patch again once they are");
    }

    /**
     * One step of the growth: asks the claims below the size for it, says what remains while a claim does not hold it,
     * and once every claim does, replaces a StatefulSet whose template says another size with {@code desired}, keeping
     * its pods. Returns what has not settled; throws {@link VolumesCannotGrow} when the claims cannot grow.
     */
    Optional<String> grow(ClusterSpec cluster, StatefulSet desired) {
        String size = cluster.storage().size();
        List<PersistentVolumeClaim> toAsk = VolumeGrowth.toAsk(size, claims(cluster)).stream().filter(VolumeGrowth::bound).toList();
        if (!toAsk.isEmpty()) {
            ask(cluster, toAsk, size);
        }
        Optional<String> remaining = VolumeGrowth.remaining(size, claims(cluster));
        if (remaining.isPresent()) {
            return remaining;
        }
        StatefulSet live = cache.get(StatefulSet.class, EtcdObjects.namespace(cluster), EtcdStatefulSets.name(cluster));
        if (live == null || !VolumeGrowth.templateDiffers(live, size)) {
            return Optional.empty();
        }
        StatefulSet replaced = applier.replaceKeepingPods(desired, properties.podTimeout());
        events.normal(cluster.name(), "VolumesGrown", "every claim holds " + size + "; replaced StatefulSet " + live.getMetadata().getName()
                + " keeping its pods (none restarted), so its claim template says " + size + " too", EventLog.SYSTEM);
        return StatefulSetProgress.unsettled(replaced);
    }

    private void ask(ClusterSpec cluster, List<PersistentVolumeClaim> toAsk, String size) {
        Optional<String> refused;
        try {
            refused = classRefusal(toAsk, size);
        } catch (KubernetesClientException e) {
            throw new VolumesCannotGrow("the panel cannot read the storage class of " + names(toAsk) + " to grow them to " + size
                    + " (" + e.getMessage() + "): it needs get on storage.k8s.io storageclasses (docker/kubernetes/rbac.yaml)");
        }
        refused.ifPresent(why -> {
            throw new VolumesCannotGrow(why);
        });
        for (PersistentVolumeClaim claim : toAsk) {
            String member = name(claim).substring(EtcdStatefulSets.DATA_VOLUME.length() + 1);
            try {
                applier.apply(EtcdStatefulSets.memberClaim(cluster, member));
            } catch (KubernetesClientException e) {
                throw new VolumesCannotGrow("the API server refused to grow the claim " + name(claim) + " to " + size + ": "
                        + (e.getStatus() != null && e.getStatus().getMessage() != null ? e.getStatus().getMessage() : e.getMessage()));
            }
        }
        events.normal(cluster.name(), "VolumeGrowthStarted", "asked " + names(toAsk) + " for " + size + " each", EventLog.SYSTEM);
    }

    /** The first refusal of the claims' storage classes, each read once; throws when one cannot be read. */
    private Optional<String> classRefusal(List<PersistentVolumeClaim> claims, String size) {
        Map<String, List<String>> byClass = new LinkedHashMap<>();
        // a claim without a class is kept under null: it cannot grow
        claims.forEach(claim -> byClass.computeIfAbsent(VolumeGrowth.storageClass(claim), key -> new ArrayList<>()).add(name(claim)));
        for (Map.Entry<String, List<String>> entry : byClass.entrySet()) {
            String className = entry.getKey();
            StorageClass storageClass = className == null ? null : client.storage().v1().storageClasses().withName(className).get();
            Optional<String> refused = VolumeGrowth.classRefusal(className, storageClass, entry.getValue().stream().sorted().toList(), size);
            if (refused.isPresent()) {
                return refused;
            }
        }
        return Optional.empty();
    }

    private List<PersistentVolumeClaim> claims(ClusterSpec cluster) {
        return cache.list(PersistentVolumeClaim.class, EtcdObjects.namespace(cluster), EtcdLabels.of(cluster));
    }

    private static String names(List<PersistentVolumeClaim> claims) {
        return claims.stream().map(KubernetesVolumes::name).sorted().collect(Collectors.joining(", "));
    }

    private static String name(PersistentVolumeClaim claim) {
        return claim.getMetadata().getName();
    }
}
