package io.etcdpanel.runtime.kubernetes;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BooleanSupplier;

import io.etcdpanel.runtime.kubernetes.desired.EtcdLabels;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.KubernetesResourceList;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.FilterWatchListDeletable;
import io.fabric8.kubernetes.client.dsl.Resource;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import io.fabric8.kubernetes.client.informers.cache.Cache;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Owns the panel's view of the API server: one informer per kind the panel reads and per namespace
 * it watches (one for all namespaces when none are listed), filled by a list and kept current by a
 * watch, so a reconcile pass reads memory instead of sending a request per object.
 * The kinds the applier writes or deletes are held whole, so its managed-by guard sees other people's
 * objects too; pods, which the panel only reads, only when they carry the panel's label; events whole.
 */
public class KubernetesCache implements AutoCloseable {

    /** How long after {@link #start()} a read waits for its informer's first list before it fails. */
    static final Duration SYNC_DEADLINE = Duration.ofSeconds(60);
    /** How long a read of the panel's own write waits for the watch to bring it. */
    static final Duration OWN_WRITE_DEADLINE = Duration.ofSeconds(5);

    private static final Logger log = LoggerFactory.getLogger(KubernetesCache.class);
    private static final String ALL_NAMESPACES = "";
    private static final List<Class<? extends HasMetadata>> HELD_WHOLE = List.of(StatefulSet.class, Service.class, ConfigMap.class,
            PodDisruptionBudget.class, PersistentVolumeClaim.class, Event.class);
    /** Kinds of which the cache holds only the panel's own objects (managed-by label). */
    private static final List<Class<? extends HasMetadata>> HELD_OWN = List.of(Pod.class, Job.class);

    private final KubernetesClient client;
    private final List<String> namespaces;
    /** Per kind, per namespace watched ({@value #ALL_NAMESPACES} for all), its informer. */
    private final Map<Class<?>, Map<String, SharedIndexInformer<? extends HasMetadata>>> informers = new LinkedHashMap<>();
    private final Map<SharedIndexInformer<?>, Throwable> lastErrors = new ConcurrentHashMap<>();
    /** Notified whenever an informer changes or finishes its first list. */
    private final Object changed = new Object();
    private volatile Instant syncDeadline;

    /** A cache of these namespaces; of all namespaces when the list is empty. Nothing is read before {@link #start()}. */
    public KubernetesCache(KubernetesClient client, List<String> namespaces) {
        this.client = client;
        this.namespaces = List.copyOf(namespaces);
    }

    /** Starts every informer; returns at once, and the first read of each waits until its informer has listed. */
    public synchronized void start() {
        if (syncDeadline != null) {
            throw new IllegalStateException("already started");
        }
        syncDeadline = Instant.now().plus(SYNC_DEADLINE);
        HELD_WHOLE.forEach(kind -> watch(kind, null));
        HELD_OWN.forEach(kind -> watch(kind, EtcdLabels.MANAGED_BY));
    }

    private <T extends HasMetadata> void watch(Class<T> kind, String requiredLabel) {
        Map<String, SharedIndexInformer<? extends HasMetadata>> byNamespace = new LinkedHashMap<>();
        for (String namespace : namespaces.isEmpty() ? List.of(ALL_NAMESPACES) : namespaces) {
            var resources = client.resources(kind);
            FilterWatchListDeletable<T, KubernetesResourceList<T>, Resource<T>> listed = namespace.isEmpty()
                    ? resources.inAnyNamespace() : resources.inNamespace(namespace);
            if (requiredLabel != null) {
                listed = listed.withLabel(requiredLabel, EtcdLabels.PANEL);
            }
            SharedIndexInformer<T> informer = listed.runnableInformer(0);
            informer.exceptionHandler((started, failure) -> {
                lastErrors.put(informer, failure);
                log.debug("watching {} in {} failed (trying again): {}", kind.getSimpleName(), describe(namespace), failure.toString());
                return true;
            });
            informer.addEventHandler(new AnyChange(this::signal));
            informer.start().whenComplete((done, failure) -> signal());
            byNamespace.put(namespace, informer);
        }
        informers.put(kind, byNamespace);
    }

    /** The object as last seen; null when there is none, or the cache does not watch its namespace. */
    public <T extends HasMetadata> T get(Class<T> kind, String namespace, String name) {
        SharedIndexInformer<T> informer = informer(kind, namespace);
        return informer == null ? null : informer.getStore().getByKey(Cache.namespaceKeyFunc(namespace, name));
    }

    /** The objects of this kind in the namespace carrying all these labels, as last seen. */
    public <T extends HasMetadata> List<T> list(Class<T> kind, String namespace, Map<String, String> labels) {
        SharedIndexInformer<T> informer = informer(kind, namespace);
        if (informer == null) {
            throw new NamespaceNotAllowed(namespace, namespaces);
        }
        List<T> found = new ArrayList<>();
        for (T object : informer.getIndexer().byIndex(Cache.NAMESPACE_INDEX, namespace)) {
            Map<String, String> has = object.getMetadata().getLabels() == null ? Map.of() : object.getMetadata().getLabels();
            if (has.entrySet().containsAll(labels.entrySet())) {
                found.add(object);
            }
        }
        return found;
    }

    /**
     * Waits until the cache holds the object at least as new as the panel just wrote it, so a read after
     * the write never sees the version before; returns whether it did within {@link #OWN_WRITE_DEADLINE}.
     */
    public boolean awaitWritten(HasMetadata written) {
        String namespace = written.getMetadata().getNamespace();
        String name = written.getMetadata().getName();
        String version = written.getMetadata().getResourceVersion();
        return awaitOwnWrite(written, OWN_WRITE_DEADLINE, () -> {
            HasMetadata cached = get(written.getClass(), namespace, name);
            return cached != null && atLeast(cached.getMetadata().getResourceVersion(), version);
        });
    }

    /** Waits until the cache no longer holds this object (by uid); returns whether it did within the deadline. */
    public boolean awaitDeleted(HasMetadata deleted, Duration deadline) {
        String namespace = deleted.getMetadata().getNamespace();
        String name = deleted.getMetadata().getName();
        return awaitOwnWrite(deleted, deadline, () -> {
            HasMetadata cached = get(deleted.getClass(), namespace, name);
            return cached == null || !Objects.equals(cached.getMetadata().getUid(), deleted.getMetadata().getUid());
        });
    }

    /**
     * Waits until the cache sees the panel's delete of this object: gone, or marked for deletion (a claim a pod
     * still uses, a pod in its grace period); returns whether it did within {@link #OWN_WRITE_DEADLINE}.
     */
    public boolean awaitDeleting(HasMetadata deleted) {
        String namespace = deleted.getMetadata().getNamespace();
        String name = deleted.getMetadata().getName();
        return awaitOwnWrite(deleted, OWN_WRITE_DEADLINE, () -> {
            HasMetadata cached = get(deleted.getClass(), namespace, name);
            return cached == null || !Objects.equals(cached.getMetadata().getUid(), deleted.getMetadata().getUid())
                    || cached.getMetadata().getDeletionTimestamp() != null;
        });
    }

    @Override
    public synchronized void close() {
        informers.values().forEach(byNamespace -> byNamespace.values().forEach(SharedIndexInformer::close));
    }

    private boolean awaitOwnWrite(HasMetadata object, Duration deadline, BooleanSupplier seen) {
        if (informer(object.getClass(), object.getMetadata().getNamespace()) == null) {
            return true;
        }
        boolean done = await(Instant.now().plus(deadline), seen);
        if (!done) {
            log.warn("the watch did not bring the panel's own change of {} {}/{} within {} s", object.getKind(),
                    object.getMetadata().getNamespace(), object.getMetadata().getName(), deadline.toSeconds());
        }
        return done;
    }

    /** The synced informer that holds this namespace's objects of the kind; null when the namespace is not watched. */
    @SuppressWarnings("unchecked")
    private <T extends HasMetadata> SharedIndexInformer<T> informer(Class<T> kind, String namespace) {
        Map<String, SharedIndexInformer<? extends HasMetadata>> byNamespace = informers.get(kind);
        if (byNamespace == null) {
            throw new IllegalStateException("the Kubernetes cache holds no " + kind.getSimpleName() + (syncDeadline == null
                    ? ": it is not started" : ""));
        }
        SharedIndexInformer<T> informer = (SharedIndexInformer<T>) byNamespace.getOrDefault(ALL_NAMESPACES, byNamespace.get(namespace));
        if (informer != null && !informer.hasSynced() && !await(syncDeadline, informer::hasSynced)) {
            Throwable error = lastErrors.get(informer);
            throw new IllegalStateException("the panel has not listed the " + kind.getSimpleName() + "s in " + describe(namespace)
                    + " within " + SYNC_DEADLINE.toSeconds() + " s of its start"
                    + (error == null ? "" : " (" + error.getMessage() + ")")
                    + ": check that the API server answers and that the panel may list and watch them there");
        }
        return informer;
    }

    /** Waits until the condition holds or the deadline passes; the informers' handlers wake it at every change. */
    private boolean await(Instant deadline, BooleanSupplier condition) {
        synchronized (changed) {
            while (!condition.getAsBoolean()) {
                long left = Duration.between(Instant.now(), deadline).toMillis();
                if (left <= 0) {
                    return false;
                }
                try {
                    changed.wait(left);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return false;
                }
            }
            return true;
        }
    }

    private void signal() {
        synchronized (changed) {
            changed.notifyAll();
        }
    }

    /**
     * Whether the cached resourceVersion is the written one or later. Versions are opaque to clients, but
     * the API server's are etcd revisions, which only grow; a controller may have written again since.
     */
    static boolean atLeast(String cached, String written) {
        if (Objects.equals(cached, written)) {
            return true;
        }
        try {
            return Long.parseLong(cached) >= Long.parseLong(written);
        } catch (NumberFormatException e) {
            return false;
        }
    }

    private static String describe(String namespace) {
        return namespace.isEmpty() ? "all namespaces" : "namespace " + namespace;
    }
}
