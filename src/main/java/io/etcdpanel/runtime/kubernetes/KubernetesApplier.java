package io.etcdpanel.runtime.kubernetes;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Predicate;

import io.etcdpanel.runtime.kubernetes.desired.EtcdLabels;
import io.fabric8.kubernetes.api.model.DeletionPropagation;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.Resource;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The only writer to the API server. It server-side applies what the panel wants (field manager
 * {@value #FIELD_MANAGER}, taking back fields others changed) when the cached live object does not
 * hold it already, deletes what the panel no longer wants (desired null means delete), and never
 * changes or deletes an object without the panel's managed-by label, or one outside the namespaces it
 * may write to. After each write it waits for the cache to see it, so the next read is not stale. It
 * releases what the panel hands over (a deleted cluster's kept claims) by removing that label, and
 * never lets a StatefulSet give a new pod a claim the panel does not manage.
 */
public class KubernetesApplier {

    public static final String FIELD_MANAGER = "etcd-panel";

    private static final Logger log = LoggerFactory.getLogger(KubernetesApplier.class);
    private static final int WRITE_ATTEMPTS = 5;
    private static final String IMMUTABLE_STATEFULSET_FIELDS = "updates to statefulset spec for fields other than";

    private final KubernetesClient client;
    private final KubernetesCache cache;
    private final KubernetesProperties properties;

    public KubernetesApplier(KubernetesClient client, KubernetesCache cache, KubernetesProperties properties) {
        this.client = client;
        this.cache = cache;
        this.properties = properties;
    }

    /**
     * Makes the object {@code namespace/name} of this kind what {@code desired} says, or deletes it when
     * {@code desired} is null. Returns the object as the server holds it afterwards; null when there is none.
     */
    public <T extends HasMetadata> T reconcile(Class<T> kind, String namespace, String name, T desired) {
        if (desired == null) {
            // asked every pass: the cache holds every object of the kinds the panel writes, so none there is none to delete
            if (cache.get(kind, namespace, name) != null) {
                delete(kind, namespace, name);
            }
            return null;
        }
        if (!name.equals(desired.getMetadata().getName()) || !namespace.equals(desired.getMetadata().getNamespace())) {
            throw new IllegalArgumentException("desired " + describe(desired) + " is not " + namespace + "/" + name);
        }
        return apply(desired);
    }

    /** Server-side applies the object, forcing conflicts on the fields the panel sets, unless it is as desired already. */
    @SuppressWarnings("unchecked")
    public <T extends HasMetadata> T apply(T desired) {
        String namespace = desired.getMetadata().getNamespace();
        String name = desired.getMetadata().getName();
        requireAllowed(namespace);
        if (!EtcdLabels.isManaged(desired.getMetadata())) {
            // the panel would lock itself out of the object: the next write would find it unmanaged
            throw new IllegalArgumentException("desired " + describe(desired) + " lacks the managed-by label");
        }
        Class<T> kind = (Class<T>) desired.getClass();
        T current = cache.get(kind, namespace, name);
        if (current == null) {
            // about to create it: someone may have just made one the watch has not brought yet
            current = resource(kind, namespace, name).get();
        }
        if (current != null && !EtcdLabels.isManaged(current.getMetadata())) {
            throw unmanaged(current);
        }
        if (desired instanceof StatefulSet statefulSet) {
            refuseUnmanagedClaims(statefulSet, (StatefulSet) current);
        }
        if (current != null && DesiredFields.heldBy(desired, current)) {
            return current;
        }
        try {
            T written = client.resource(desired).fieldManager(FIELD_MANAGER).forceConflicts().serverSideApply();
            cache.awaitWritten(written);
            return written;
        } catch (KubernetesClientException e) {
            if (e.getCode() == 422) {
                String reason = e.getStatus() != null && e.getStatus().getMessage() != null ? e.getStatus().getMessage() : e.getMessage();
                throw new ApplyRefused(describe(desired), reason, reason.contains(IMMUTABLE_STATEFULSET_FIELDS), e);
            }
            throw e;
        }
    }

    /**
     * Deletes the object if the panel manages it; returns whether there was one. Only the version the
     * panel looked at is deleted; when it changed in between (a controller writing its status, or
     * someone replacing it), the panel looks again at the API server itself, a few times.
     */
    public <T extends HasMetadata> boolean delete(Class<T> kind, String namespace, String name) {
        return onManagedVersion(kind, namespace, name, "deleted", current -> {
            boolean deleted = !resource(kind, namespace, name)
                    .lockResourceVersion(current.getMetadata().getResourceVersion()).delete().isEmpty();
            if (deleted) {
                log.info("deleted {}", describe(current));
            }
            cache.awaitDeleting(current);
            return deleted;
        });
    }

    /**
     * Hands an object the panel manages over to whoever comes next: removes its managed-by label and nothing else
     * (a JSON merge patch on the version the panel looked at), so the panel never lists, changes or deletes it again.
     * Returns whether there was one. Kept claims of a deleted cluster are released so.
     */
    public <T extends HasMetadata> boolean release(Class<T> kind, String namespace, String name) {
        return onManagedVersion(kind, namespace, name, "released", current -> {
            Map<String, Object> labels = new HashMap<>();
            labels.put(EtcdLabels.MANAGED_BY, null);
            Map<String, Object> patch = Map.of("metadata", Map.of("labels", labels,
                    "resourceVersion", current.getMetadata().getResourceVersion()));
            cache.awaitWritten(resource(kind, namespace, name).patch(PatchContext.of(PatchType.JSON_MERGE),
                    client.getKubernetesSerialization().asJson(patch)));
            log.info("released {}: no longer managed by the panel", describe(current));
            return true;
        });
    }

    /**
     * Acts on the object as the panel last read it, when the panel manages it; false when there is none. When
     * it changed in between (409: a controller writing its status, or someone replacing it), looks again, a few times.
     */
    private <T extends HasMetadata> boolean onManagedVersion(Class<T> kind, String namespace, String name, String done,
            Predicate<T> act) {
        requireAllowed(namespace);
        for (int attempt = 1; ; attempt++) {
            T cached = attempt == 1 ? cache.get(kind, namespace, name) : null;
            // not cached: made a moment ago by a controller (a member's claim), or there is none
            T current = cached != null ? cached : resource(kind, namespace, name).get();
            if (current == null) {
                return false;
            }
            if (!EtcdLabels.isManaged(current.getMetadata())) {
                throw unmanaged(current);
            }
            try {
                return act.test(current);
            } catch (KubernetesClientException e) {
                if (e.getCode() != 409 || attempt == WRITE_ATTEMPTS) {
                    throw e;
                }
                log.debug("{} changed before it was {}; looking again", describe(current), done);
            }
        }
    }

    /**
     * Deletes the object only as it was seen (same resourceVersion): an object that went or changed since is
     * left as it is now. Returns whether it was deleted.
     */
    public boolean deleteAsSeen(HasMetadata seen) {
        String namespace = seen.getMetadata().getNamespace();
        requireAllowed(namespace);
        if (!EtcdLabels.isManaged(seen.getMetadata())) {
            throw new UnmanagedObject(describe(seen));
        }
        try {
            boolean deleted = !client.resource(seen).lockResourceVersion(seen.getMetadata().getResourceVersion()).delete().isEmpty();
            if (deleted) {
                log.info("deleted {}", describe(seen));
                cache.awaitDeleting(seen);
            }
            return deleted;
        } catch (KubernetesClientException e) {
            if (e.getCode() == 404 || e.getCode() == 409) {
                return false;
            }
            throw e;
        }
    }

    /**
     * Replaces a StatefulSet whose change Kubernetes refuses to apply (its volume claim templates or
     * selector): deletes it leaving its pods and claims running (orphan), waits until it is gone, and
     * applies the desired one, which adopts the pods again. No member stops.
     */
    public StatefulSet replaceKeepingPods(StatefulSet desired, Duration deadline) {
        String namespace = desired.getMetadata().getNamespace();
        String name = desired.getMetadata().getName();
        requireAllowed(namespace);
        StatefulSet current = cache.get(StatefulSet.class, namespace, name);
        if (current != null) {
            if (!EtcdLabels.isManaged(current.getMetadata())) {
                throw unmanaged(current);
            }
            resource(StatefulSet.class, namespace, name).withPropagationPolicy(DeletionPropagation.ORPHAN).delete();
            if (!cache.awaitDeleted(current, deadline)) {
                throw new IllegalStateException(describe(current) + " was not gone " + deadline.toSeconds() + " s after it was deleted");
            }
            log.info("deleted {} keeping its pods, to apply a change of its immutable fields", describe(current));
        }
        return apply(desired);
    }

    /**
     * The StatefulSet controller gives a new pod the claim of its name when one exists, whoever made it. Before
     * the panel adds pods (a new StatefulSet, or more replicas), each claim they would get must be the panel's.
     */
    private void refuseUnmanagedClaims(StatefulSet desired, StatefulSet current) {
        String namespace = desired.getMetadata().getNamespace();
        int from = current == null || current.getSpec().getReplicas() == null ? 0 : current.getSpec().getReplicas();
        int to = desired.getSpec().getReplicas() == null ? 1 : desired.getSpec().getReplicas();
        for (PersistentVolumeClaim template : desired.getSpec().getVolumeClaimTemplates()) {
            for (int ordinal = from; ordinal < to; ordinal++) {
                String claimName = template.getMetadata().getName() + "-" + desired.getMetadata().getName() + "-" + ordinal;
                PersistentVolumeClaim claim = cache.get(PersistentVolumeClaim.class, namespace, claimName);
                if (claim != null && !EtcdLabels.isManaged(claim.getMetadata())) {
                    throw UnmanagedObject.claim(describe(claim));
                }
            }
        }
    }

    private static UnmanagedObject unmanaged(HasMetadata object) {
        return object instanceof PersistentVolumeClaim ? UnmanagedObject.claim(describe(object)) : new UnmanagedObject(describe(object));
    }

    private <T extends HasMetadata> Resource<T> resource(Class<T> kind, String namespace, String name) {
        return client.resources(kind).inNamespace(namespace).withName(name);
    }

    private void requireAllowed(String namespace) {
        if (namespace == null || namespace.isBlank()) {
            throw new IllegalArgumentException("the panel writes namespaced objects only");
        }
        if (!properties.allowsNamespace(namespace)) {
            throw new NamespaceNotAllowed(namespace, properties.namespaces());
        }
    }

    private static String describe(HasMetadata object) {
        return object.getKind() + " " + object.getMetadata().getNamespace() + "/" + object.getMetadata().getName();
    }
}
