package io.etcdpanel.backup;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import io.etcdpanel.support.EtcdReaper;
import io.etcdpanel.support.PanelApi;
import io.etcdpanel.support.PanelProcess;
import io.etcdpanel.support.Poll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * Two panels, each its own JVM, on one database and one data dir: each due run of a schedule is
 * backed up once. The test makes both panels reach for every due run at the same time: it holds the
 * schedule's row locked over the due time until both panels' claims wait on it, then lets them go
 * together. Without a compare-and-set claim both would back the run up. A subclass says which
 * database, and how to see whose claims wait on the test's lock.
 */
abstract class SharedDatabaseSchedules {

    private static final String CLUSTER = "shared";
    private static final Duration DEADLINE = Duration.ofSeconds(60);
    private static final int CONTESTED_RUNS = 5;
    /** Runs are due every 3 s: the test needs most of a slot after each claim to take the row, or to switch the schedule off. */
    private static final Duration SLOT = Duration.ofSeconds(3);
    private static final String SCHEDULE = "{\"cron\":\"*/" + SLOT.toSeconds() + " * * * * *\",\"timeZone\":\"UTC\",\"keepLast\":100";
    private static final Duration QUICKLY = Duration.ofMillis(20);

    protected Path dataDir;
    private PanelProcess first;
    private PanelProcess second;

    /** The database both panels share, the first time; the arguments that put a panel named {@code name} on it. */
    protected abstract List<String> databaseArguments(String name);

    /** A connection of the test's own to the panels' database. */
    protected abstract Connection connect() throws SQLException;

    /**
     * How the test sees the panels' claims wait on its lock: the query giving the database's id of a connection's
     * session; the query listing the claims of due runs that wait on the lock of the session whose id is its one
     * parameter (one row per panel, one column saying which); and what that lists when both panels wait.
     */
    protected record LockWatch(String sessionIdQuery, String waitingClaimsQuery, List<String> bothPanels) {
    }

    private final String memberPorts;
    private final LockWatch lockWatch;

    /** Panels whose members take these loopback ports, on a database watched this way. */
    protected SharedDatabaseSchedules(String memberPorts, LockWatch lockWatch) {
        this.memberPorts = memberPorts;
        this.lockWatch = lockWatch;
    }

    /** One due run both panels were waiting to claim, and when the test let them go. */
    private record Contest(Instant due, Instant released, List<String> claimants) {
    }

    @AfterEach
    void cleanUp() {
        if (dataDir == null) {
            return;
        }
        try {
            PanelApi api = first.api();
            api.delete("/api/v1/clusters/" + CLUSTER + "?deleteSnapshots=true");
            Poll.until(CLUSTER + " deleted", DEADLINE, () -> api.get("/api/v1/clusters/" + CLUSTER).status() == 404);
            Poll.until("no etcd process left under the data dir", DEADLINE, () -> EtcdReaper.processesUnder(dataDir).isEmpty());
        } finally {
            try {
                // the second first: on H2 the first serves the database to it over TCP (AUTO_SERVER)
                if (second != null) {
                    second.stop();
                }
                first.stop();
            } finally {
                EtcdReaper.killAllUnder(dataDir);
            }
        }
    }

    @Test
    void eachDueRunIsBackedUpOnceWhenTwoPanelsOnOneDatabaseClaimItAtTheSameMoment() throws Exception {
        dataDir = Files.createTempDirectory("etcdpanel-shared-db-");
        first = panel("a");
        first.start();
        PanelApi a = first.api();
        assertThat(a.post("/api/v1/clusters", "{\"name\":\"shared\",\"replicas\":1}").status()).isEqualTo(201);
        Poll.until(CLUSTER + " Running", DEADLINE, () -> "Running".equals(a.phase(CLUSTER)));
        // only now: both panels adopt the member by its data dir, so the second must find it already there
        second = panel("b");
        second.start();
        PanelApi b = second.api();
        Poll.until(CLUSTER + " Running as the second panel sees it", DEADLINE, () -> "Running".equals(b.phase(CLUSTER)));

        List<Contest> contests = new ArrayList<>();
        Instant nextRun;
        try (Connection lock = connect(); Connection look = connect()) {
            lock.setAutoCommit(false);
            int lockSession = sessionId(lock);
            // set the schedule just after a slot, so that the first due run is still ahead when the test takes the row
            Poll.untilValue("just past a slot", SLOT.plusSeconds(2), QUICKLY,
                    () -> Instant.now().toEpochMilli() % SLOT.toMillis() < 500 ? Boolean.TRUE : null);
            PanelApi.Answer put = b.put("/api/v1/clusters/shared/backup-schedule", SCHEDULE + "}");
            assertThat(put.status()).isEqualTo(200);
            Instant expected = Instant.parse(put.json().path("nextRunAt").asString());

            for (int i = 0; i < CONTESTED_RUNS; i++) {
                Instant due = holdSchedule(lock);
                assertThat(due).as("the run the test holds is the next one; none was claimed behind its back").isEqualTo(expected);
                List<String> claimants = Poll.untilValue("both panels waiting to claim the run due at " + due, Duration.ofSeconds(8),
                        QUICKLY, () -> {
                            List<String> waiting = waitingClaims(look, lockSession);
                            return waiting.size() >= 2 ? waiting : null;
                        });
                Instant released = Instant.now();
                lock.rollback();
                contests.add(new Contest(due, released, claimants));
                expected = Poll.untilValue("the run due at " + due + " claimed", Duration.ofSeconds(10), QUICKLY, () -> {
                    Instant next = nextRunAt(look);
                    return next.isAfter(due) ? next : null;
                });
            }
            nextRun = expected;
        }
        // switched off before its next run, more than a second away: every run it took was contested
        PanelApi.Answer off = a.put("/api/v1/clusters/shared/backup-schedule", SCHEDULE + ",\"enabled\":false}");
        assertThat(off.status()).isEqualTo(200);
        assertThat(Instant.parse(off.json().path("lastRunAt").asString())).as("the last claim, before the run due at " + nextRun)
                .isBefore(nextRun);

        assertThat(contests).allSatisfy(contest -> assertThat(contest.claimants())
                .as("the claims waiting for the run due at " + contest.due() + ": one from each panel")
                .containsExactlyInAnyOrderElementsOf(lockWatch.bothPanels()));
        // finished and restore-tested, so that deleting the cluster afterwards pulls no snapshot from under a restore test
        List<JsonNode> scheduled = Poll.untilValue("every scheduled backup finished and restore-tested", DEADLINE, () -> {
            List<JsonNode> snapshots = scheduledSnapshots(a);
            return snapshots.stream().allMatch(snapshot -> "Failed".equals(snapshot.path("status").asString())
                    || !snapshot.path("restoreTestedAt").isNull() && !snapshot.path("restoreTestedAt").isMissingNode()) ? snapshots : null;
        });
        // a run claimed twice shows as two backups, or as one and a skip when the second claim finds the first backup running
        List<Instant> claims = new ArrayList<>();
        scheduled.forEach(snapshot -> claims.add(Instant.parse(snapshot.path("startedAt").asString())));
        a.get("/api/v1/clusters/shared/events?limit=500").json().forEach(event -> {
            if ("ScheduledBackupSkipped".equals(event.path("reason").asString())) {
                claims.add(Instant.parse(event.path("time").asString()));
            }
        });
        Map<Instant, Integer> claimsPerDueRun = new TreeMap<>();
        contests.forEach(contest -> claimsPerDueRun.put(contest.due(), 0));
        claims.forEach(claim -> claimsPerDueRun.merge(dueRunOf(claim, contests), 1, Integer::sum));
        assertThat(claimsPerDueRun).as("scheduled backups started or skipped per due run (each counted to the last run let go before it)")
                .hasSize(CONTESTED_RUNS).allSatisfy((due, taken) -> assertThat(taken).as("the run due at " + due).isEqualTo(1));
        assertThat(scheduled).allMatch(snapshot -> "Succeeded".equals(snapshot.path("status").asString()));
        assertThat(b.get("/api/v1/clusters/shared/snapshots").json()).as("both panels show the same history").hasSize(scheduled.size());
        for (PanelProcess panel : List.of(first, second)) {
            assertThat(panel.api().get("/actuator/health/readiness").status()).isEqualTo(200);
            assertThat(Files.readString(panel.log())).as("a tick that failed, in " + panel.log()).doesNotContain("scheduled backups: ");
        }
    }

    /**
     * A panel with a lease of its own: both hold one, as two panels do for a moment when a holder stalls past its lease,
     * so both reach for every due run and only the claim's conditional update keeps each run to one backup.
     */
    private PanelProcess panel(String name) {
        List<String> arguments = new ArrayList<>(databaseArguments(name));
        arguments.add("--etcdpanel.lease.name=panel-" + name);
        return new PanelProcess(dataDir, memberPorts, dataDir.resolveSibling(dataDir.getFileName() + "-panel-" + name + ".log"),
                arguments);
    }

    /** Locks the schedule's row (the test's transaction stays open) and says which run it holds. */
    private static Instant holdSchedule(Connection lock) throws SQLException {
        try (PreparedStatement update = lock.prepareStatement("update backup_schedules set next_run_at = next_run_at where cluster = ?")) {
            update.setString(1, CLUSTER);
            assertThat(update.executeUpdate()).isEqualTo(1);
        }
        return nextRunAt(lock);
    }

    private List<String> waitingClaims(Connection look, int lockSession) {
        List<String> waiting = new ArrayList<>();
        try (PreparedStatement query = look.prepareStatement(lockWatch.waitingClaimsQuery())) {
            query.setInt(1, lockSession);
            try (ResultSet rows = query.executeQuery()) {
                while (rows.next()) {
                    waiting.add(rows.getString(1));
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
        return waiting;
    }

    private int sessionId(Connection db) throws SQLException {
        try (PreparedStatement query = db.prepareStatement(lockWatch.sessionIdQuery()); ResultSet row = query.executeQuery()) {
            row.next();
            return row.getInt(1);
        }
    }

    private static Instant nextRunAt(Connection db) {
        try (PreparedStatement query = db.prepareStatement("select next_run_at from backup_schedules where cluster = ?")) {
            query.setString(1, CLUSTER);
            try (ResultSet row = query.executeQuery()) {
                assertThat(row.next()).isTrue();
                return row.getObject(1, OffsetDateTime.class).toInstant();
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The run a scheduled backup (or skip) belongs to: the last one let go before it. */
    private static Instant dueRunOf(Instant at, List<Contest> contests) {
        Instant due = null;
        for (Contest contest : contests) {
            if (!contest.released().isAfter(at)) {
                due = contest.due();
            }
        }
        assertThat(due).as("a scheduled backup at " + at + ", before the first contested run").isNotNull();
        return due;
    }

    private static List<JsonNode> scheduledSnapshots(PanelApi api) {
        List<JsonNode> snapshots = new ArrayList<>();
        api.get("/api/v1/clusters/" + CLUSTER + "/snapshots").json().forEach(snapshot -> {
            if (BackupSchedule.TRIGGER.equals(snapshot.path("trigger").asString())) {
                snapshots.add(snapshot);
            }
        });
        return snapshots;
    }
}
