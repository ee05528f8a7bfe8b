package io.etcdpanel.lease;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

import io.etcdpanel.support.EtcdReaper;
import io.etcdpanel.support.PanelApi;
import io.etcdpanel.support.PanelProcess;
import io.etcdpanel.support.Poll;
import io.etcdpanel.support.PostgresServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * The lease holder touches only the backups of panels that are gone. A panel that loses the lease while its backup runs
 * (the lease row handed to the other panel, as after a stall on the database) goes on with that backup and records how
 * it ended: the new holder leaves it alone, at takeover and in every sweep after. A panel frozen past its presence is
 * gone: the holder fails its backup, and when it wakes it finds the record taken over and drops its file.
 */
class LeaseLostDuringBackupIT {

    private static final String CLUSTER = "leaselost";
    private static final String PORTS = "25700-25799";
    private static final Duration DEADLINE = Duration.ofSeconds(180);
    private static final Duration LEASE = Duration.ofSeconds(4);
    /** Long enough for the new holder's takeover and a few of its sweeps, short enough that nobody repairs the hung member. */
    private static final Duration HELD_WHILE_RUNNING = Duration.ofSeconds(3);

    private Path dataDir;
    private final List<PanelProcess> panels = new ArrayList<>();

    @AfterEach
    void cleanUp() {
        if (dataDir == null) {
            return;
        }
        try {
            PanelApi api = panels.get(panels.size() - 1).api();
            api.delete("/api/v1/clusters/" + CLUSTER + "?deleteSnapshots=true");
            Poll.until(CLUSTER + " deleted", DEADLINE, () -> api.get("/api/v1/clusters/" + CLUSTER).status() == 404);
        } finally {
            try {
                panels.forEach(PanelProcess::stop);
            } finally {
                EtcdReaper.killAllUnder(dataDir);
            }
        }
    }

    @Test
    void aPanelThatLosesTheLeaseMidBackupRecordsItsBackupAndOneFrozenPastItsPresenceFindsItsBackupTakenOver() throws Exception {
        dataDir = Files.createTempDirectory("etcdpanel-lease-lost-");
        PostgresServer.Database database = PostgresServer.shared().createDatabase("leaselost");
        // a's backup probes its source member with this bound: while the member is hung, the backup stays Running
        PanelApi a = panel("a", database, "--etcdpanel.etcd.call-timeout=60s");
        Poll.until("the first panel holds the lease", DEADLINE, () -> holds(a));
        PanelApi b = panel("b", database);
        assertThat(a.post("/api/v1/clusters", "{\"name\":\"" + CLUSTER + "\",\"replicas\":1}").status()).isEqualTo(201);
        Poll.until(CLUSTER + " Running", DEADLINE, () -> "Running".equals(a.phase(CLUSTER)));

        List<ProcessHandle> member = EtcdReaper.processesUnder(dataDir.resolve("local/" + CLUSTER));
        String id;
        EtcdReaper.signal("STOP", member);
        try {
            id = backUp(a);
            handLeaseTo(database, instance(b));
            Poll.until("the other panel holds the lease, and the first knows it lost it", DEADLINE, () -> holds(b) && !holds(a));
            Instant takenOver = Instant.now();
            Poll.until("the new holder held the lease for " + HELD_WHILE_RUNNING.toSeconds() + " s", DEADLINE, () -> {
                assertThat(status(b, id)).as("the backup of the live panel that lost the lease, seen through the new holder")
                        .isEqualTo("Running");
                return Instant.now().isAfter(takenOver.plus(HELD_WHILE_RUNNING));
            });
        } finally {
            EtcdReaper.signal("CONT", member);
        }

        JsonNode ended = Poll.untilValue("the backup ended", DEADLINE, () -> {
            JsonNode snapshot = b.get("/api/v1/snapshots/" + id).json();
            return "Running".equals(snapshot.path("status").asString()) ? null : snapshot;
        });
        assertThat(ended.path("status").asString()).as(ended.toString()).isEqualTo("Succeeded");
        assertThat(ended.path("takenFrom").asString()).isEqualTo(CLUSTER + "-0");
        assertThat(b.eventReasons(CLUSTER)).as("what the new holder did to the backup").doesNotContain("SnapshotFailed", "BackupRetaken");
        assertThat(TwoReplicasFailoverIT.holderGauge(a)).as("etcdpanel_lease_holder of the panel that lost the lease").isEqualTo(0);
        assertThat(TwoReplicasFailoverIT.holderGauge(b)).as("etcdpanel_lease_holder of the new holder").isEqualTo(1);

        PanelProcess frozen = panels.get(0);
        String lost;
        EtcdReaper.signal("STOP", member);
        try {
            lost = backUp(a);
            EtcdReaper.signal("STOP", List.of(frozen.handle()));
            try {
                Poll.until("the holder failed the backup of the frozen panel", DEADLINE, () -> "Failed".equals(status(b, lost)));
            } finally {
                EtcdReaper.signal("CONT", member);
                EtcdReaper.signal("CONT", List.of(frozen.handle()));
            }
        } finally {
            EtcdReaper.signal("CONT", member);
        }
        Poll.until("the woken panel saw its backup taken over", DEADLINE,
                () -> TwoReplicasFailoverIT.readLog(frozen).contains("backup " + lost + " was taken over"));
        JsonNode failed = b.get("/api/v1/snapshots/" + lost).json();
        assertThat(failed.path("status").asString()).as("what the woken panel left of the record").isEqualTo("Failed");
        assertThat(failed.path("error").asString()).isEqualTo("the panel running this backup stopped");
        assertThat(dataDir.resolve("snapshots/" + CLUSTER + "/" + lost + ".db")).as("the woken panel's file").doesNotExist();
    }

    private PanelApi panel(String name, PostgresServer.Database database, String... more) {
        List<String> arguments = new ArrayList<>(database.asArguments());
        arguments.addAll(List.of("--etcdpanel.replicas=2", "--etcdpanel.lease.renew-every=1s", "--etcdpanel.lease.duration=" + LEASE.toSeconds() + "s"));
        arguments.addAll(List.of(more));
        PanelProcess panel = new PanelProcess(dataDir, PORTS, dataDir.resolveSibling(dataDir.getFileName() + "-panel-" + name + ".log"),
                arguments);
        panels.add(panel);
        panel.start();
        return panel.api();
    }

    /** Asks the panel for a backup, which stays Running while the member it probes is stopped; gives its id. */
    private static String backUp(PanelApi api) {
        PanelApi.Answer started = api.post("/api/v1/clusters/" + CLUSTER + "/snapshots", "");
        assertThat(started.status()).as(started.raw().body()).isEqualTo(202);
        return started.json().path("id").asString();
    }

    /** Writes the lease row over to the given panel, as a renewal of its own would, while the holder still runs. */
    private static void handLeaseTo(PostgresServer.Database database, String instance) throws Exception {
        Instant now = Instant.now();
        try (Connection connection = database.connect(); PreparedStatement update = connection.prepareStatement(
                "update panel_lease set holder = ?, renewed_at = ?, expires_at = ?, fencing = fencing + 1 where name = 'leader'")) {
            update.setString(1, instance);
            update.setObject(2, now.atOffset(ZoneOffset.UTC));
            update.setObject(3, now.plus(LEASE).atOffset(ZoneOffset.UTC));
            assertThat(update.executeUpdate()).isEqualTo(1);
        }
    }

    private static JsonNode lease(PanelApi api) {
        return api.get("/actuator/health").json().path("components").path("lease").path("details");
    }

    private static boolean holds(PanelApi api) {
        return lease(api).path("holder").asBoolean();
    }

    private static String instance(PanelApi api) {
        return lease(api).path("instance").asString();
    }

    private static String status(PanelApi api, String snapshot) {
        return api.get("/api/v1/snapshots/" + snapshot).json().path("status").asString();
    }
}
