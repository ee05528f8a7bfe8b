package io.etcdpanel.restore;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;

import jakarta.persistence.Column;
import jakarta.persistence.Convert;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/** One restore: what it restores from and into, its steps as they run, and how it ended. */
@Entity
@Table(name = "restores")
class Restore {

    @Id
    private String id;
    private String cluster;
    private String snapshotId;
    private String mode;
    private String targetName;
    @Enumerated(EnumType.STRING)
    private RestoreStatus status;
    private String preRestoreSnapshotId;
    @Convert(converter = StepsConverter.class)
    @Column(length = 8000)
    private List<RestoreStep> steps = new ArrayList<>();
    private String actor;
    private Instant startedAt;
    private Instant finishedAt;
    @Column(length = 2000)
    private String error;

    protected Restore() {
    }

    static Restore pending(String id, String cluster, RestoreRequest request, List<String> stepNames, String actor, Instant now) {
        Restore restore = new Restore();
        restore.id = id;
        restore.cluster = cluster;
        restore.snapshotId = request.snapshotId();
        restore.mode = request.mode();
        restore.targetName = request.inPlace() ? null : request.targetName();
        restore.status = RestoreStatus.Pending;
        restore.steps = stepNames.stream().map(RestoreStep::pending).toList();
        restore.actor = actor;
        restore.startedAt = now;
        return restore;
    }

    void running() {
        status = RestoreStatus.Running;
    }

    void changeStep(String name, UnaryOperator<RestoreStep> change) {
        steps = steps.stream().map(step -> step.name().equals(name) ? change.apply(step) : step).toList();
    }

    void preRestoreSnapshot(String snapshot) {
        preRestoreSnapshotId = snapshot;
    }

    void succeeded(Instant now) {
        status = RestoreStatus.Succeeded;
        finishedAt = now;
    }

    void failed(String reason, Instant now) {
        status = RestoreStatus.Failed;
        error = reason;
        finishedAt = now;
    }

    RestoreView view() {
        return new RestoreView(id, cluster, snapshotId, mode, targetName, status, preRestoreSnapshotId, List.copyOf(steps), startedAt,
                finishedAt, error, actor);
    }
}
