package io.etcdpanel.backup;

import java.time.Clock;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import io.etcdpanel.catalogue.ClusterCatalogue;
import io.etcdpanel.catalogue.FieldProblem;
import io.etcdpanel.catalogue.InvalidSpec;
import io.etcdpanel.events.EventLog;
import io.etcdpanel.catalogue.ClusterRemoved;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/** The one writer of backup schedules: checks a schedule, stores it with its next run, drops it. */
@Service
public class ScheduleService {

    private final ScheduleRepository schedules;
    private final ClusterCatalogue catalogue;
    private final EventLog events;
    private final SnapshotLedger ledger;
    private final Clock clock;

    ScheduleService(ScheduleRepository schedules, ClusterCatalogue catalogue, EventLog events, SnapshotLedger ledger, Clock clock) {
        this.schedules = schedules;
        this.ledger = ledger;
        this.catalogue = catalogue;
        this.events = events;
        this.clock = clock;
    }

    @Transactional(readOnly = true)
    public Optional<ScheduleView> find(String cluster) {
        catalogue.get(cluster);
        return schedules.findById(cluster).map(BackupSchedule::view);
    }

    @Transactional
    public ScheduleView put(String cluster, ScheduleRequest request, String actor) {
        catalogue.get(cluster);
        CronSchedule cron = validate(request);
        BackupSchedule schedule = schedules.findById(cluster).orElseGet(() -> new BackupSchedule(cluster));
        schedule.change(request, cron.nextAfter(clock.instant()));
        schedules.save(schedule);
        events.normal(cluster, "BackupScheduleSet", "backups at \"" + request.cron() + "\" (" + request.timeZone() + ")"
                + (request.switchedOn() ? "" : ", disabled"), actor);
        return schedule.view();
    }

    @Transactional
    public void delete(String cluster, String actor) {
        catalogue.get(cluster);
        BackupSchedule schedule = schedules.findById(cluster).orElseThrow(() -> new ScheduleNotFound(cluster));
        schedules.delete(schedule);
        events.normal(cluster, "BackupScheduleDeleted", "no more scheduled backups", actor);
    }

    /** A deleted cluster's schedule goes with it. */
    @EventListener
    @Transactional
    void onClusterRemoved(ClusterRemoved removed) {
        schedules.findById(removed.cluster()).ifPresent(schedules::delete);
    }

    /** A run of a cluster's schedule that is due: when it came due, and when the run after it comes. */
    record DueRun(String cluster, Instant dueAt, Instant next) {
    }

    /** The runs due now, one per schedule: a schedule overdue by several runs has one catch-up run. */
    @Transactional(readOnly = true)
    List<DueRun> due() {
        Instant now = clock.instant();
        return schedules.due(now).stream()
                .map(schedule -> new DueRun(schedule.cluster(), schedule.view().nextRunAt(), schedule.cronSchedule().nextAfter(now))).toList();
    }

    /**
     * Claims a due run and opens its Running backup record, run by {@code owner}, in one transaction: a panel that dies after
     * the claim leaves a record another panel takes over, never a claimed run with no backup. Empty when another panel
     * claimed the run first; {@link BackupAlreadyRunning} (and no claim) when a backup of the cluster is running.
     */
    @Transactional
    Optional<SnapshotView> claimWithBackup(DueRun run, String owner) {
        if (!claim(run)) {
            return Optional.empty();
        }
        return Optional.of(ledger.start(run.cluster(), BackupSchedule.TRIGGER, owner, run.dueAt()));
    }

    /** Claims a due run that is skipped; false when another panel claimed it first. */
    @Transactional
    boolean claimSkipped(DueRun run) {
        return claim(run);
    }

    /** A claim moves the next run on only if nobody else did, so each due run is claimed once, by one panel. */
    private boolean claim(DueRun run) {
        return schedules.claim(run.cluster(), run.dueAt(), clock.instant(), run.next()) == 1;
    }

    @Transactional(readOnly = true)
    Optional<BackupSchedule> schedule(String cluster) {
        return schedules.findById(cluster);
    }

    /** The next five runs of a schedule, for a preview before it is saved. */
    public List<java.time.Instant> preview(ScheduleRequest request) {
        return validate(request).nextRuns(clock.instant(), 5);
    }

    private static CronSchedule validate(ScheduleRequest request) {
        List<FieldProblem> problems = new ArrayList<>();
        CronSchedule cron = null;
        try {
            java.time.ZoneId.of(request.timeZone());
            try {
                cron = CronSchedule.parse(request.cron(), request.timeZone());
            } catch (IllegalArgumentException e) {
                problems.add(new FieldProblem("cron", e.getMessage()));
            }
        } catch (DateTimeException e) {
            problems.add(new FieldProblem("timeZone", "is not a time zone such as UTC or Europe/Berlin"));
        }
        if (request.keepLast() != null && request.keepLast() < 1) {
            problems.add(new FieldProblem("keepLast", "must be at least 1"));
        }
        if (request.maxAge() != null) {
            try {
                if (Duration.parse(request.maxAge()).isNegative() || Duration.parse(request.maxAge()).isZero()) {
                    problems.add(new FieldProblem("maxAge", "must be a positive ISO-8601 duration such as P7D or PT12H"));
                }
            } catch (DateTimeParseException e) {
                problems.add(new FieldProblem("maxAge", "must be an ISO-8601 duration such as P7D or PT12H"));
            }
        }
        if (!problems.isEmpty()) {
            throw new InvalidSpec(problems);
        }
        return cron;
    }
}
