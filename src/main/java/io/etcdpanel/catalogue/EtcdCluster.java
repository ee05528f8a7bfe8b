package io.etcdpanel.catalogue;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

import jakarta.persistence.CollectionTable;
import jakarta.persistence.Column;
import jakarta.persistence.ElementCollection;
import jakarta.persistence.Embeddable;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.FetchType;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.JoinColumn;
import jakarta.persistence.OrderColumn;
import jakarta.persistence.Table;
import jakarta.persistence.Version;

/** The catalogue's aggregate: one desired etcd cluster, its generation and its recorded status. */
@Entity
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

    @ElementCollection(fetch = FetchType.EAGER)
    @CollectionTable(name = "cluster_conditions", joinColumns = @JoinColumn(name = "cluster_id"))
    @OrderColumn(name = "position")
    private List<ConditionRow> conditions = new ArrayList<>();

    protected EtcdCluster() {
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

    void requestDeletion(Instant now) {
        deletionRequested = true;
        phase = Phase.Deleting;
        statusMessage = "stopping members and deleting their data";
        updatedAt = now;
    }

    void recordStatus(ClusterStatus status, Instant now) {
        Map<String, Condition> previous = conditions.stream().map(ConditionRow::toCondition)
                .collect(Collectors.toMap(Condition::type, Function.identity()));
        phase = deletionRequested ? Phase.Deleting : status.phase();
        observedGeneration = status.observedGeneration();
        readyMembers = status.readyMembers();
        memberCount = status.members();
        leaderId = status.leaderId();
        leaderName = status.leaderName();
        statusMessage = status.message();
        dbSizeBytes = status.dbSizeBytes();
        conditions.clear();
        status.conditions().forEach(condition -> conditions.add(ConditionRow.of(condition.since(previous.get(condition.type()), now))));
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

    String leaderId() {
        return leaderId;
    }

    ClusterSpec spec() {
        return new ClusterSpec(name, replicas, etcdVersion, runtime, namespace, new ClusterSpec.Storage(storageSize, storageClass),
                new ClusterSpec.Resources(cpu, memory), quotaBackendBytes);
    }

    ClusterView view() {
        ClusterSpec spec = spec();
        ClusterStatus status = new ClusterStatus(phase, observedGeneration, readyMembers, memberCount, leaderId, leaderName,
                statusMessage, dbSizeBytes, conditions.stream().map(ConditionRow::toCondition).toList());
        return new ClusterView(spec.name(), spec.replicas(), spec.version(), spec.runtime(), spec.namespace(), spec.storage(),
                spec.resources(), spec.quotaBackendBytes(), generation, createdAt, updatedAt, status);
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

    /** A condition as stored. */
    @Embeddable
    static class ConditionRow {
        private String type;
        private String status;
        private String reason;
        @Column(length = 2000)
        private String message;
        private Instant lastTransitionTime;

        protected ConditionRow() {
        }

        static ConditionRow of(Condition condition) {
            ConditionRow row = new ConditionRow();
            row.type = condition.type();
            row.status = condition.status();
            row.reason = condition.reason();
            row.message = condition.message();
            row.lastTransitionTime = condition.lastTransitionTime();
            return row;
        }

        Condition toCondition() {
            return new Condition(type, status, reason, message, lastTransitionTime);
        }
    }
}
