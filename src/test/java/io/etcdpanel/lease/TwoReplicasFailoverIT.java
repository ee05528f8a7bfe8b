package io.etcdpanel.lease;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

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
 * lease and reconciles and backs up; a cluster created through the other is reconciled all the same. When the holder is
 * SIGKILLed the other takes over within 30 s, goes on reconciling and backing up, and no due run is backed up twice.
 */
class TwoReplicasFailoverIT {

    private static final String CLUSTER = "failover";
    private static final String PORTS = "25200-25299";
    private static final Duration DEADLINE = Duration.ofSeconds(90);
    private static final Duration TAKEOVER_BOUND = Duration.ofSeconds(30);
    private static final Duration SLOT = Duration.ofSeconds(3);
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

        first.kill();
        Instant killed = Instant.now();
        Poll.untilValue("the second panel holds the lease", TAKEOVER_BOUND.plusSeconds(10), () -> holds(b) ? Boolean.TRUE : null);
        Duration takeover = Duration.between(killed, Instant.now());
        assertThat(takeover).as("from SIGKILL of the holder to the other holding the lease").isLessThan(TAKEOVER_BOUND);

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
        // a run claimed twice shows as two records in its slot, or as one and a skip
        Map<Long, Integer> claimsPerSlot = new TreeMap<>();
        snapshots.forEach(snapshot -> claimsPerSlot.merge(slotOf(Instant.parse(snapshot.path("startedAt").asString())), 1, Integer::sum));
        b.get("/api/v1/clusters/" + CLUSTER + "/events?limit=500").json().forEach(event -> {
            if ("ScheduledBackupSkipped".equals(event.path("reason").asString())) {
                claimsPerSlot.merge(slotOf(Instant.parse(event.path("time").asString())), 1, Integer::sum);
            }
        });
        assertThat(claimsPerSlot).as("scheduled backups started or skipped per due run of " + SLOT.toSeconds() + " s")
                .allSatisfy((slot, claims) -> assertThat(claims).as("the run due at " + Instant.ofEpochMilli(slot * SLOT.toMillis()))
                        .isEqualTo(1));
        assertThat(snapshots).as("a backup the killed panel left Running is failed by the new holder, the others succeeded")
                .allMatch(snapshot -> "Succeeded".equals(snapshot.path("status").asString())
                        || "Failed".equals(snapshot.path("status").asString()) && Instant.parse(snapshot.path("startedAt").asString())
                                .isBefore(killed));
        System.out.println("TwoReplicasFailoverIT: takeover " + takeover.toMillis() + " ms after SIGKILL; " + snapshots.size()
                + " scheduled backups, one per due run");
    }

    private PanelProcess panel(String name, List<String> database) {
        List<String> arguments = new ArrayList<>(database);
        arguments.add("--etcdpanel.replicas=2");
        return new PanelProcess(dataDir, PORTS, dataDir.resolveSibling(dataDir.getFileName() + "-panel-" + name + ".log"), arguments);
    }

    private static boolean holds(PanelApi api) {
        return api.get("/actuator/health").json().path("components").path("lease").path("details").path("holder").asBoolean();
    }

    private static long slotOf(Instant claimed) {
        return claimed.toEpochMilli() / SLOT.toMillis();
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
