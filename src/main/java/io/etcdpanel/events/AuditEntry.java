package io.etcdpanel.events;

import java.time.Instant;

import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/** One audited change or refused attempt: written when it starts, completed with how it ended. */
@Entity
@Table(name = "audit_entries")
class AuditEntry {

    private static final int DETAIL = 500;
    private static final int CLUSTER = 40;
    private static final int SNAPSHOT_ID = 36;

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    private Long id;
    private Instant startedAt;
    private Instant finishedAt;
    private String actor;
    private String action;
    private String method;
    private String path;
    private String cluster;
    private String snapshotId;
    private String snapshotSha256;
    @Enumerated(EnumType.STRING)
    private AuditOutcome outcome;
    private Integer status;
    private String detail;

    protected AuditEntry() {
    }

    AuditEntry(Instant startedAt, String actor, String method, String path, AuditSubject subject, String snapshotSha256) {
        this.startedAt = startedAt;
        this.actor = cut(actor, 130);
        this.action = cut(subject.action(), 60);
        this.method = cut(method, 10);
        this.path = cut(path, 500);
        // an address may name what cannot exist (a name longer than any cluster's): the entry then names no cluster
        this.cluster = fitting(subject.cluster(), CLUSTER);
        this.snapshotId = fitting(subject.snapshotId(), SNAPSHOT_ID);
        this.snapshotSha256 = snapshotSha256;
        this.outcome = AuditOutcome.Started;
    }

    Long id() {
        return id;
    }

    String snapshotId() {
        return snapshotId;
    }

    void finish(Instant at, AuditOutcome how, Integer httpStatus, String why) {
        finishedAt = at;
        outcome = how;
        status = httpStatus;
        detail = cut(why, DETAIL);
    }

    void about(String clusterName, String snapshot, String sha256) {
        if (cluster == null) {
            cluster = fitting(clusterName, CLUSTER);
        }
        if (snapshotId == null) {
            snapshotId = fitting(snapshot, SNAPSHOT_ID);
        }
        if (snapshotSha256 == null) {
            snapshotSha256 = sha256;
        }
    }

    AuditView view() {
        return new AuditView(id, startedAt, finishedAt, actor, action, method, path, cluster, snapshotId, snapshotSha256, outcome,
                status, detail);
    }

    private static String fitting(String text, int length) {
        return text != null && text.length() <= length ? text : null;
    }

    private static String cut(String text, int length) {
        return text == null || text.length() <= length ? text : text.substring(0, length);
    }
}
