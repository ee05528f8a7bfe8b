package io.etcdpanel.catalogue;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

import jakarta.persistence.Column;
import jakarta.persistence.Convert;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import jakarta.persistence.Version;
import org.hibernate.annotations.DynamicUpdate;

/**
 * The catalogue's aggregate: one desired etcd cluster, its generation and its recorded status.
 * Users change the spec (optimistically locked); the reconciler writes the status columns alone
 * with one update, so neither overwrites the other.
 */
@Entity
@DynamicUpdate
@Table(name = "clusters")
class EtcdCluster {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    private Long id;

    @Version
    private long lockVersion;

    private String name;
    private int replicas;
    private String etcdVersion;
    private String runtime;
    private String namespace;
    private String storageSize;
    private String storageClass;
    private String cpu;
    private String memory;
    private long quotaBackendBytes;
    private long generation;
    private boolean deletionRequested;
    private boolean keepVolumes;
    private String restoreId;
    private Instant createdAt;
    private Instant updatedAt;

    @Enumerated(EnumType.STRING)
    private Phase phase;
    private long observedGeneration;
    private int readyMembers;
    private int memberCount;
    private String leaderId;
    private String leaderName;
    @Column(length = 2000)
    private String statusMessage;
    private long dbSizeBytes;

    @Convert(converter = ConditionsConverter.class)
    @Column(length = 8000)
    private List<Condition> conditions = new ArrayList<>();

    protected EtcdCluster() {
    }

    /** A cluster that a restore seeds from a snapshot: the restore holds it from the start, so reconcile does not bootstrap it. */
    static EtcdCluster createForRestore(ClusterSpec spec, String restoreId, Instant now) {
        EtcdCluster cluster = create(spec, now);
        cluster.restoreId = restoreId;
        return cluster;
    }

    static EtcdCluster create(ClusterSpec spec, Instant now) {
        EtcdCluster cluster = new EtcdCluster();
        cluster.name = spec.name();
        cluster.runtime = spec.runtime();
        cluster.createdAt = now;
        cluster.setSpec(spec);
        cluster.generation = 1;
        cluster.updatedAt = now;
        ClusterStatus pending = ClusterStatus.pending();
        cluster.phase = pending.phase();
        cluster.statusMessage = pending.message();
        return cluster;
    }

    /** Takes a changed spec; says whether anything changed (and so the generation moved on). */
    boolean changeSpec(ClusterSpec spec, Instant now) {
        if (spec.equals(spec())) {
            return false;
        }
        setSpec(spec);
        generation++;
        updatedAt = now;
        return true;
    }

    void requestDeletion(boolean keepingVolumes, Instant now) {
        deletionRequested = true;
        keepVolumes = keepingVolumes;
        phase = Phase.Deleting;
        statusMessage = deletionMessage(keepingVolumes);
        updatedAt = now;
    }

    static String deletionMessage(boolean keepingVolumes) {
        return keepingVolumes ? "stopping members and keeping their volumes (data)" : "stopping members and deleting their data";
    }

    /** The status to store for what a pass saw: conditions keep their transition time while unchanged. */
    ClusterStatus nextStatus(ClusterStatus observed, Instant now) {
        Map<String, Condition> previous = conditions.stream().collect(Collectors.toMap(Condition::type, Function.identity()));
        List<Condition> next = observed.conditions().stream()
                .map(condition -> condition.since(previous.get(condition.type()), now)).toList();
        return new ClusterStatus(observed.phase(), observed.observedGeneration(), observed.readyMembers(), observed.members(),
                observed.leaderId(), observed.leaderName(), observed.message(), observed.dbSizeBytes(), next);
    }

    String name() {
        return name;
    }

    long generation() {
        return generation;
    }

    boolean deletionRequested() {
        return deletionRequested;
    }

    boolean keepVolumes() {
        return keepVolumes;
    }

    String restoreId() {
        return restoreId;
    }

    String leaderId() {
        return leaderId;
    }

    ClusterSpec spec() {
        return new ClusterSpec(name, replicas, etcdVersion, runtime, namespace, new ClusterSpec.Storage(storageSize, storageClass),
                new ClusterSpec.Resources(cpu, memory), quotaBackendBytes);
    }

    ClusterView view() {
        ClusterSpec spec = spec();
        ClusterStatus status = new ClusterStatus(deletionRequested ? Phase.Deleting : restoreId != null ? Phase.Restoring : phase,
                observedGeneration, readyMembers, memberCount, leaderId, leaderName,
                restoreId != null ? "restore " + restoreId + " holds the cluster" : statusMessage, dbSizeBytes, List.copyOf(conditions));
        return new ClusterView(spec.name(), spec.replicas(), spec.version(), spec.runtime(), spec.namespace(), spec.storage(),
                spec.resources(), spec.quotaBackendBytes(), generation, createdAt, updatedAt, status, deletionRequested && keepVolumes);
    }

    private void setSpec(ClusterSpec spec) {
        replicas = spec.replicas();
        etcdVersion = spec.version();
        namespace = spec.namespace();
        storageSize = spec.storage().size();
        storageClass = spec.storage().storageClass();
        cpu = spec.resources().cpu();
        memory = spec.resources().memory();
        quotaBackendBytes = spec.quotaBackendBytes();
    }
}
