package io.etcdpanel.reconcile;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

import io.etcdpanel.backup.BackupHealthCheck;
import io.etcdpanel.catalogue.ClusterCatalogue;
import io.etcdpanel.catalogue.ClusterSpec;
import io.etcdpanel.catalogue.ClusterStatus;
import io.etcdpanel.catalogue.ClusterView;
import io.etcdpanel.catalogue.Phase;
import io.etcdpanel.events.EventLog;
import io.etcdpanel.health.ClusterHealth;
import io.etcdpanel.health.HealthMonitor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Component;

/**
 * One pass over one cluster: observe (runtime and etcd), decide, act, record status and events.
 * A failure is written into the cluster's status and events, never thrown to the loop.
 */
@Component
class ClusterReconciler {

    private static final Logger log = LoggerFactory.getLogger(ClusterReconciler.class);

    /** What a pass leaves to the loop: whether to look again soon. */
    enum Outcome { CONVERGED, IN_PROGRESS, FAILED, REMOVED }

    private final ClusterCatalogue catalogue;
    private final HealthMonitor healthMonitor;
    private final ActionExecutor executor;
    private final BackupHealthCheck backupHealth;
    private final EventLog events;
    private final ApplicationEventPublisher publisher;
    private final Clock clock;
    private final Map<String, String> lastErrors = new ConcurrentHashMap<>();
    private final RestartBackoff restarts = new RestartBackoff();

    ClusterReconciler(ClusterCatalogue catalogue, HealthMonitor healthMonitor, ActionExecutor executor, BackupHealthCheck backupHealth,
            EventLog events, ApplicationEventPublisher publisher, Clock clock) {
        this.catalogue = catalogue;
        this.healthMonitor = healthMonitor;
        this.executor = executor;
        this.backupHealth = backupHealth;
        this.events = events;
        this.publisher = publisher;
        this.clock = clock;
    }

    /** Runs one pass; {@code sweep} is a fresh look from the periodic sweep, or null to look now. */
    Outcome reconcile(String name, ClusterHealth sweep) {
        Instant started = clock.instant();
        ClusterView cluster = catalogue.find(name).orElse(null);
        if (cluster == null) {
            return Outcome.REMOVED;
        }
        if (cluster.restoring()) {
            // the restore owns the members until it hands the cluster back, which queues a pass
            return Outcome.CONVERGED;
        }
        ClusterSpec spec = cluster.spec();
        ClusterHealth health = sweep;
        Action action;
        String error = null;
        try {
            if (health == null) {
                health = healthMonitor.check(spec);
            }
            action = ReconcilePlanner.decide(cluster, health);
            if (sweep != null && !action.converged() && !(action instanceof Action.Wait)) {
                health = healthMonitor.check(spec);
                action = ReconcilePlanner.decide(cluster, health);
            }
            if (action instanceof Action.Restart restart) {
                action = restarts.gate(name, restart, clock.instant());
            }
            recordLeaderChange(cluster, health);
            if (!action.converged()) {
                log.info("{}: {}", name, action.describe());
            }
            if (action instanceof Action.TearDown teardown) {
                catalogue.remove(name, executor.tearDown(teardown, spec, health));
                lastErrors.remove(name);
                restarts.forget(name);
                return Outcome.REMOVED;
            }
            Optional<String> unsettled = executor.execute(action, spec, health);
            if (action.converged() && unsettled.isPresent()) {
                // the pass did its part, but the cluster matches the spec only once the runtime's controller has too
                action = new Action.Wait(unsettled.get());
            }
            if (action instanceof Action.Restart restart) {
                restart.members().forEach(member -> events.warning(name, "MemberRestarted", member + " was not running; started it again"
                        + countNote(restarts.restarted(name, member, clock.instant())), EventLog.SYSTEM));
            }
        } catch (StepDeferred e) {
            action = new Action.Wait(e.getMessage());
        } catch (RuntimeException e) {
            action = new Action.Wait("the last pass failed");
            error = describe(e);
            log.warn("{}: reconcile failed: {}", name, error, e);
            if (!error.equals(lastErrors.put(name, error))) {
                events.warning(name, "ReconcileFailed", error, EventLog.SYSTEM);
            }
        }
        if (error == null) {
            lastErrors.remove(name);
        }
        ClusterHealth observed = health != null ? health : ClusterHealth.unobserved(error);
        ClusterStatus status = StatusCalculator.status(spec, cluster.generation(), cluster.status().phase(), observed, action, error,
                backupHealth.condition(name));
        catalogue.recordStatus(name, status);
        recordPhaseChange(cluster, status);
        publisher.publishEvent(new ReconcilePassFinished(name, spec, Duration.between(started, clock.instant()), error != null, observed,
                status));
        return error != null ? Outcome.FAILED : action.converged() ? Outcome.CONVERGED : Outcome.IN_PROGRESS;
    }

    private void recordLeaderChange(ClusterView cluster, ClusterHealth health) {
        String before = cluster.status().leaderId();
        String now = health.leaderStatus().map(status -> status.id()).orElse(null);
        if (Objects.equals(before, now)) {
            return;
        }
        if (now == null) {
            events.warning(cluster.name(), "LeaderLost", "no member knows a leader (was " + cluster.status().leaderName() + ")",
                    EventLog.SYSTEM);
        } else {
            String name = health.leaderName().orElse(now);
            events.normal(cluster.name(), "LeaderChanged", name + " (" + now + ") is the leader now"
                    + (before == null ? "" : "; before: " + Objects.requireNonNullElse(cluster.status().leaderName(), before)),
                    EventLog.SYSTEM);
        }
    }

    private void recordPhaseChange(ClusterView cluster, ClusterStatus status) {
        Phase before = cluster.status().phase();
        if (before == status.phase()) {
            return;
        }
        String message = before + " → " + status.phase() + ": " + status.readyMembers() + " of " + status.members()
                + " members ready" + (status.message() == null ? "" : "; " + status.message());
        if (status.phase() == Phase.Degraded || status.phase() == Phase.Failed) {
            events.warning(cluster.name(), "PhaseChanged", message, EventLog.SYSTEM);
        } else {
            events.normal(cluster.name(), "PhaseChanged", message, EventLog.SYSTEM);
        }
    }

    private static String countNote(int restarts) {
        return restarts == 1 ? "" : " (" + restarts + " times in the last " + RestartBackoff.FORGIVEN_AFTER.toMinutes() + " minutes)";
    }

    private static String describe(RuntimeException e) {
        return e.getMessage() != null ? e.getMessage() : e.getClass().getSimpleName();
    }
}
