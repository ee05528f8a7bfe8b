package io.etcdpanel.catalogue;

import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import io.etcdpanel.events.EventLog;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/** The one writer of the catalogue: desired clusters, their generation and their recorded status. */
@Service
public class ClusterCatalogue {

    private final ClusterRepository clusters;
    private final SpecValidator validator;
    private final EventLog events;
    private final ApplicationEventPublisher publisher;
    private final VolumeGrowthCheck volumeGrowth;
    private final Clock clock;

    ClusterCatalogue(ClusterRepository clusters, SpecValidator validator, EventLog events, ApplicationEventPublisher publisher,
            VolumeGrowthCheck volumeGrowth, Clock clock) {
        this.clusters = clusters;
        this.validator = validator;
        this.events = events;
        this.publisher = publisher;
        this.volumeGrowth = volumeGrowth;
        this.clock = clock;
    }

    @Transactional
    public ClusterView create(ClusterRequest request, String actor) {
        ClusterSpec spec = validator.validNew(request);
        EtcdCluster cluster = insert(EtcdCluster.create(spec, clock.instant()));
        events.normal(spec.name(), "Created", "asked for " + spec.replicas() + " members of etcd " + spec.version()
                + " on the " + spec.runtime() + " runtime", actor);
        publisher.publishEvent(new ClusterSpecChanged(spec.name()));
        return cluster.view();
    }

    /** Adds a cluster that the given restore seeds from a snapshot; it stays held by the restore until released. */
    @Transactional
    public ClusterView createForRestore(ClusterRequest request, String restoreId, String actor) {
        ClusterSpec spec = validator.validNew(request);
        EtcdCluster cluster = insert(EtcdCluster.createForRestore(spec, restoreId, clock.instant()));
        events.normal(spec.name(), "Created", "asked for " + spec.replicas() + " members of etcd " + spec.version()
                + ", seeded by restore " + restoreId, actor);
        return cluster.view();
    }

    /** Lets the restore hold the cluster: reconcile, spec changes, backups and other restores wait until it is released. */
    @Transactional
    public void holdForRestore(String name, String restoreId) {
        EtcdCluster cluster = load(name);
        if (cluster.deletionRequested()) {
            throw new ClusterBeingDeleted(name);
        }
        if (clusters.holdForRestore(name, restoreId) == 0) {
            throw new ClusterBeingRestored(name);
        }
        publisher.publishEvent(new ClusterHeldForRestore(name));
    }

    /** Hands the cluster back to reconcile; a no-op when this restore no longer holds it. */
    @Transactional
    public void releaseFromRestore(String name, String restoreId) {
        if (clusters.releaseFromRestore(name, restoreId) == 1) {
            publisher.publishEvent(new ClusterSpecChanged(name));
        }
    }

    /**
     * Applies a JSON merge patch of the spec: the replica count may change, and the volume size may grow when the
     * runtime does not refuse it (on Kubernetes, the claims' storage class must allow expansion).
     */
    @Transactional
    public ClusterView patch(String name, Map<String, Object> patchFields, String actor) {
        EtcdCluster cluster = load(name);
        ClusterSpec current = cluster.spec();
        ClusterPatch patch = new ClusterPatch(patchFields);
        List<FieldProblem> problems = patch.problems(current);
        if (!problems.isEmpty()) {
            throw new InvalidSpec(problems);
        }
        Object replicas = patch.replicas(current);
        validator.checkScale(replicas instanceof Integer count ? count : null);
        String size = patch.storageSize(current);
        if (Quantities.compare(size, current.storage().size()) == 0) {
            return change(cluster, current.withReplicas((Integer) replicas), actor);
        }
        requireChangeable(cluster);
        volumeGrowth.refusal(current, size).ifPresent(why -> {
            throw new InvalidSpec(List.of(new FieldProblem("storage.size", why)));
        });
        return change(cluster, current.withReplicas((Integer) replicas).withStorageSize(size), actor);
    }

    @Transactional
    public ClusterView scale(String name, Integer replicas, String actor) {
        validator.checkScale(replicas);
        EtcdCluster cluster = load(name);
        return change(cluster, cluster.spec().withReplicas(replicas), actor);
    }

    /**
     * Marks the cluster for teardown, keeping its volumes or not; the choice is stored with the request so a
     * restarted panel tears down the same way. Asking again the same way is nothing; asking the other way is refused.
     */
    @Transactional
    public void requestDeletion(String name, boolean keepVolumes, String actor) {
        EtcdCluster cluster = load(name);
        if (cluster.deletionRequested()) {
            if (cluster.keepVolumes() != keepVolumes) {
                throw new ClusterBeingDeleted(name, cluster.keepVolumes());
            }
            return;
        }
        if (cluster.restoreId() != null) {
            throw new ClusterBeingRestored(name);
        }
        cluster.requestDeletion(keepVolumes, clock.instant());
        events.normal(name, "DeletionRequested", EtcdCluster.deletionMessage(keepVolumes), actor);
        publisher.publishEvent(new ClusterSpecChanged(name));
    }

    @Transactional(readOnly = true)
    public List<ClusterView> list() {
        return clusters.findAllByOrderByNameAsc().stream().map(EtcdCluster::view).toList();
    }

    @Transactional(readOnly = true)
    public Optional<ClusterView> find(String name) {
        return clusters.findByName(name).map(EtcdCluster::view);
    }

    @Transactional(readOnly = true)
    public ClusterView get(String name) {
        return load(name).view();
    }

    /** Records what a reconcile pass saw, when it differs from what is stored; a cluster deleted meanwhile is left alone. */
    @Transactional
    public void recordStatus(String name, ClusterStatus status) {
        clusters.findByName(name).ifPresent(cluster -> {
            ClusterStatus next = cluster.nextStatus(status, clock.instant());
            if (!next.equals(cluster.view().status())) {
                clusters.updateStatus(name, next);
            }
        });
    }

    /**
     * Drops a cluster whose members are gone, with its events, and says so to whoever keeps things per cluster.
     * What the teardown kept (null when nothing) stays as the one event under the name, {@code ClusterDeleted},
     * so a later cluster of that name shows where the old data is.
     */
    @Transactional
    public void remove(String name, String kept) {
        clusters.findByName(name).ifPresent(clusters::delete);
        events.forget(name);
        if (kept != null) {
            events.normal(name, "ClusterDeleted", "the cluster was deleted; " + kept, EventLog.SYSTEM);
        }
        publisher.publishEvent(new ClusterRemoved(name));
    }

    /** Stores the changed spec, saying what changed: the replica count, the volume size. */
    private ClusterView change(EtcdCluster cluster, ClusterSpec next, String actor) {
        requireChangeable(cluster);
        ClusterSpec before = cluster.spec();
        if (cluster.changeSpec(next, clock.instant())) {
            if (before.replicas() != next.replicas()) {
                events.normal(cluster.name(), "ScaleRequested", "asked to go from " + before.replicas() + " to " + next.replicas()
                        + " members", actor);
            }
            if (!before.storage().size().equals(next.storage().size())) {
                events.normal(cluster.name(), "VolumeGrowthRequested", "asked to grow each member's volume from "
                        + before.storage().size() + " to " + next.storage().size(), actor);
            }
            publisher.publishEvent(new ClusterSpecChanged(cluster.name()));
        }
        return cluster.view();
    }

    private static void requireChangeable(EtcdCluster cluster) {
        if (cluster.deletionRequested()) {
            throw new ClusterBeingDeleted(cluster.name());
        }
        if (cluster.restoreId() != null) {
            throw new ClusterBeingRestored(cluster.name());
        }
    }

    private EtcdCluster insert(EtcdCluster cluster) {
        if (clusters.existsByName(cluster.name())) {
            throw new ClusterNameTaken(cluster.name());
        }
        try {
            return clusters.saveAndFlush(cluster);
        } catch (DataIntegrityViolationException e) {
            throw new ClusterNameTaken(cluster.name());
        }
    }

    private EtcdCluster load(String name) {
        return clusters.findByName(name).orElseThrow(() -> new ClusterNotFound(name));
    }
}
