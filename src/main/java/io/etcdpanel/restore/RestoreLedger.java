package io.etcdpanel.restore;

import java.time.Clock;
import java.util.List;
import java.util.function.Consumer;

import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/** The one writer of restore records: each step's start, progress and end is written as it happens. */
@Service
class RestoreLedger {

    private final RestoreRepository restores;
    private final Clock clock;

    RestoreLedger(RestoreRepository restores, Clock clock) {
        this.restores = restores;
        this.clock = clock;
    }

    @Transactional
    RestoreView open(Restore restore) {
        return restores.save(restore).view();
    }

    @Transactional
    RestoreView running(String id) {
        return change(id, Restore::running);
    }

    @Transactional
    RestoreView stepStarted(String id, String step) {
        return change(id, restore -> restore.changeStep(step, pending -> pending.started(clock.instant())));
    }

    @Transactional
    RestoreView stepProgressed(String id, String step, String progress) {
        return change(id, restore -> restore.changeStep(step, running -> running.progressed(progress)));
    }

    @Transactional
    RestoreView stepEnded(String id, String step, StepStatus outcome, String result) {
        return change(id, restore -> restore.changeStep(step, running -> running.ended(outcome, result, clock.instant())));
    }

    @Transactional
    RestoreView preRestoreSnapshot(String id, String snapshotId) {
        return change(id, restore -> restore.preRestoreSnapshot(snapshotId));
    }

    @Transactional
    RestoreView succeed(String id) {
        return change(id, restore -> restore.succeeded(clock.instant()));
    }

    @Transactional
    RestoreView fail(String id, String reason) {
        return change(id, restore -> restore.failed(reason, clock.instant()));
    }

    @Transactional(readOnly = true)
    RestoreView get(String id) {
        return load(id).view();
    }

    @Transactional(readOnly = true)
    List<RestoreView> touching(String cluster) {
        return restores.touching(cluster).stream().map(Restore::view).toList();
    }

    /** Restores a stopped panel left unfinished. */
    @Transactional(readOnly = true)
    List<RestoreView> unfinished() {
        return restores.findByStatusIn(List.of(RestoreStatus.Pending, RestoreStatus.Running)).stream().map(Restore::view).toList();
    }

    private RestoreView change(String id, Consumer<Restore> change) {
        Restore restore = load(id);
        change.accept(restore);
        return restore.view();
    }

    private Restore load(String id) {
        return restores.findById(id).orElseThrow(() -> new RestoreNotFound(id));
    }
}
