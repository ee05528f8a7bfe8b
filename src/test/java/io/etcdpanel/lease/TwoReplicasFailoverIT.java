package io.etcdpanel.lease;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.regex.MatchResult;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.etcdpanel.support.EtcdReaper;
import io.etcdpanel.support.PanelApi;
import io.etcdpanel.support.PanelProcess;
import io.etcdpanel.support.Poll;
import io.etcdpanel.support.PostgresServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * Two panels, each its own JVM, on one PostgreSQL database and one data dir, declared as two replicas: one holds the
 * lease (its etcdpanel_lease_holder gauge 1, the other's 0) and reconciles and backs up; a cluster created through the
 * other is reconciled all the same. The holder is SIGKILLed the moment it has claimed a due run: the other takes over
 * within 30 s, takes that run's backup again, goes on reconciling and backing up, and every due run has one backup.
 */
class TwoReplicasFailoverIT {

    private static final String CLUSTER = "failover";
    private static final String PORTS = "25200-25299";
    private static final Duration DEADLINE = Duration.ofSeconds(180);
    private static final Duration TAKEOVER_BOUND = Duration.ofSeconds(30);
    private static final Duration SLOT = Duration.ofSeconds(3);
    /** What a panel prints once a due run's claim and its backup record are committed, before the backup runs. */
    private static final String CLAIMED = "claimed as backup";
    private static final Pattern CLAIM_LINE = Pattern.compile("the run due at (\\S+) " + CLAIMED + " (\\S+)");
    private static final Pattern SKIPPED = Pattern.compile("the run due at (\\S+) is skipped");
    private static final Pattern GAUGE = Pattern.compile("(?m)^etcdpanel_lease_holder(?:\\{[^}]*\\})? (\\S+)$");
    private static final String SCHEDULE = "{\"cron\":\"*/" + SLOT.toSeconds() + " * * * * *\",\"timeZone\":\"UTC\",\"keepLast\":100";

    private Path dataDir;
    private PanelProcess first;
    private PanelProcess second;

    @AfterEach
    void cleanUp() {
        if (dataDir == null) {
            return;
        }
        try {
            PanelApi api = second.api();
            api.delete("/api/v1/clusters/" + CLUSTER + "?deleteSnapshots=true");
            Poll.until(CLUSTER + " deleted", DEADLINE, () -> api.get("/api/v1/clusters/" + CLUSTER).status() == 404);
            // members only: a scratch member of the killed panel's restore test is its own host's leftover, dropped when it starts again
            Poll.until("no member process left", DEADLINE, () -> EtcdReaper.processesUnder(dataDir.resolve("local")).isEmpty());
        } finally {
            try {
                second.stop();
            } finally {
                EtcdReaper.killAllUnder(dataDir);
            }
        }
    }

    @Test
    void theOtherReplicaTakesOverWithin30sOfTheHolderBeingKilledAndNoDueRunIsBackedUpTwice() throws Exception {
        dataDir = Files.createTempDirectory("etcdpanel-replicas-");
        List<String> database = PostgresServer.shared().createDatabase("replicas").asArguments();
        first = panel("a", database);
        first.start();
        PanelApi a = first.api();
        Poll.until("the first panel holds the lease", DEADLINE, () -> holds(a));
        second = panel("b", database);
        second.start();
        PanelApi b = second.api();
        assertThat(holds(b)).as("the second panel, while the first holds the lease").isFalse();

        assertThat(b.post("/api/v1/clusters", "{\"name\":\"" + CLUSTER + "\",\"replicas\":1}").status()).isEqualTo(201);
        Poll.until(CLUSTER + " Running, reconciled by the holder", DEADLINE, () -> "Running".equals(b.phase(CLUSTER)));
        assertThat(b.put("/api/v1/clusters/" + CLUSTER + "/backup-schedule", SCHEDULE + "}").status()).isEqualTo(200);
        Poll.until("two scheduled backups by the holder", DEADLINE, () -> scheduled(b).size() >= 2);

        assertThat(holderGauge(a)).as("etcdpanel_lease_holder of the holder").isEqualTo(1);
        assertThat(holderGauge(b)).as("etcdpanel_lease_holder of the other").isEqualTo(0);

        Instant armed = Instant.now();
        first.killWhenPrinted(CLAIMED).get(DEADLINE.toSeconds(), TimeUnit.SECONDS);
        Instant killed = Instant.now();
        first.kill();
        // the claim the kill was triggered by: the latest in the log, of a run due at most a slot before the kill was armed
        MatchResult claim = Poll.untilValue("the claim line in the killed panel's log", DEADLINE, () -> CLAIM_LINE.matcher(readLog(first))
                .results().filter(line -> Instant.parse(line.group(1)).isAfter(armed.minus(SLOT))).reduce((earlier, later) -> later)
                .orElse(null));
        Instant lostDue = Instant.parse(claim.group(1));
        String lostBackup = claim.group(2);
        Poll.untilValue("the second panel holds the lease", TAKEOVER_BOUND.plusSeconds(10), () -> holds(b) ? Boolean.TRUE : null);
        Duration takeover = Duration.between(killed, Instant.now());
        assertThat(takeover).as("from SIGKILL of the holder to the other holding the lease").isLessThan(TAKEOVER_BOUND);
        assertThat(holderGauge(b)).as("etcdpanel_lease_holder of the new holder").isEqualTo(1);

        int beforeTakeover = scheduled(b).size();
        assertThat(b.patch("/api/v1/clusters/" + CLUSTER, "{\"replicas\":3}").status()).isEqualTo(200);
        Poll.until(CLUSTER + " Running with 3 members after the takeover", Duration.ofSeconds(180),
                () -> "Running".equals(b.phase(CLUSTER)) && b.members(CLUSTER).size() == 3);
        Poll.until("two more scheduled backups by the new holder", DEADLINE, () -> scheduled(b).size() >= beforeTakeover + 2);
        PanelApi.Answer off = b.put("/api/v1/clusters/" + CLUSTER + "/backup-schedule", SCHEDULE + ",\"enabled\":false}");
        assertThat(off.status()).isEqualTo(200);

        // the killed panel's restore test, if one ran, never ends: only the new holder's backups are waited for
        List<JsonNode> snapshots = Poll.untilValue("every scheduled backup ended, the new holder's restore-tested", DEADLINE, () -> {
            List<JsonNode> all = scheduled(b);
            return all.stream().allMatch(snapshot -> "Failed".equals(snapshot.path("status").asString())
                    || "Succeeded".equals(snapshot.path("status").asString())
                            && (Instant.parse(snapshot.path("startedAt").asString()).isBefore(killed)
                                    || !snapshot.path("restoreTestedAt").isNull() && !snapshot.path("restoreTestedAt").isMissingNode()))
                                            ? all : null;
        });
        // a run claimed twice shows as two backups of its due time, or as one and a skip
        Map<Instant, Integer> claimsPerDueRun = new TreeMap<>();
        snapshots.forEach(snapshot -> claimsPerDueRun.merge(Instant.parse(snapshot.path("scheduledFor").asString()), 1, Integer::sum));
        b.get("/api/v1/clusters/" + CLUSTER + "/events?limit=500").json().forEach(event -> {
            Matcher skipped = SKIPPED.matcher(event.path("message").asString());
            if ("ScheduledBackupSkipped".equals(event.path("reason").asString()) && skipped.find()) {
                claimsPerDueRun.merge(Instant.parse(skipped.group(1)), 1, Integer::sum);
            }
        });
        assertThat(claimsPerDueRun).as("scheduled backups started or skipped per due run").containsKey(lostDue)
                .allSatisfy((due, claims) -> assertThat(claims).as("the run due at " + due).isEqualTo(1));
        // a failure is the run's own outcome (say, no healthy member while the cluster scales), never the panel's death
        assertThat(snapshots).as("every scheduled backup ran to its own end").allMatch(snapshot -> "Succeeded".equals(snapshot.path("status")
                .asString()) || !snapshot.path("error").asString().contains("the panel running this backup stopped"));
        JsonNode retaken = snapshots.stream().filter(snapshot -> lostDue.equals(Instant.parse(snapshot.path("scheduledFor").asString())))
                .findFirst().orElseThrow();
        assertThat(retaken.path("id").asString()).as("the run the killed panel claimed, taken again by the new holder")
                .isNotEqualTo(lostBackup);
        assertThat(Instant.parse(retaken.path("startedAt").asString())).isAfter(killed);
        assertThat(b.eventReasons(CLUSTER)).contains("BackupRetaken");
        System.out.println("TwoReplicasFailoverIT: takeover " + takeover.toMillis() + " ms after SIGKILL; " + snapshots.size()
                + " scheduled backups, one per due run, the one claimed by the killed panel taken again");
    }

    private PanelProcess panel(String name, List<String> database) {
        List<String> arguments = new ArrayList<>(database);
        arguments.add("--etcdpanel.replicas=2");
        return new PanelProcess(dataDir, PORTS, dataDir.resolveSibling(dataDir.getFileName() + "-panel-" + name + ".log"), arguments);
    }

    private static boolean holds(PanelApi api) {
        return api.get("/actuator/health").json().path("components").path("lease").path("details").path("holder").asBoolean();
    }

    /** The panel's etcdpanel_lease_holder, as Prometheus scrapes it. */
    static double holderGauge(PanelApi api) {
        Matcher gauge = GAUGE.matcher(api.get("/actuator/prometheus").raw().body());
        assertThat(gauge.find()).as("etcdpanel_lease_holder in the scrape").isTrue();
        return Double.parseDouble(gauge.group(1));
    }

    static String readLog(PanelProcess panel) {
        try {
            return Files.readString(panel.log());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static List<JsonNode> scheduled(PanelApi api) {
        List<JsonNode> snapshots = new ArrayList<>();
        api.get("/api/v1/clusters/" + CLUSTER + "/snapshots").json().forEach(snapshot -> {
            if ("schedule".equals(snapshot.path("trigger").asString())) {
                snapshots.add(snapshot);
            }
        });
        return snapshots;
    }
}
