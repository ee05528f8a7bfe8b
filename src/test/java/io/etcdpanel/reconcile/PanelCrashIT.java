package io.etcdpanel.reconcile;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import io.etcdpanel.support.EtcdReaper;
import io.etcdpanel.support.EtcdTestClient;
import io.etcdpanel.support.PanelApi;
import io.etcdpanel.support.PanelProcess;
import io.etcdpanel.support.Poll;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import tools.jackson.databind.JsonNode;

/**
 * The panel as its own JVM, SIGKILLed in the middle of membership changes and started again on
 * the same data dir: it must converge with no orphan, no duplicate and no lost data.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class PanelCrashIT {

    private static final String CLUSTER = "crash";
    private static final Duration DEADLINE = Duration.ofSeconds(180);
    private static Path dataDir;
    private static PanelProcess panel;
    private static List<String> originalMembers;

    @BeforeAll
    static void startPanel() throws IOException {
        dataDir = Files.createTempDirectory("etcdpanel-crash-");
        panel = new PanelProcess(dataDir, "24300-24399");
        panel.start();
    }

    @AfterAll
    static void cleanUp() {
        try {
            panel.api().delete("/api/v1/clusters/" + CLUSTER);
            Poll.until("crash deleted", DEADLINE, () -> panel.api().get("/api/v1/clusters/" + CLUSTER).status() == 404);
            panel.stop();
        } finally {
            panel.killWithMembers();
        }
    }

    @Test
    @Order(1)
    void aClusterComesBackRunningWithTheSameMembersAndDataAfterThePanelIsKilled() {
        PanelApi api = panel.api();
        assertThat(api.post("/api/v1/clusters", "{\"name\":\"crash\",\"replicas\":3}").status()).isEqualTo(201);
        Poll.until("crash Running", DEADLINE, () -> "Running".equals(api.phase(CLUSTER)));
        try (EtcdTestClient client = new EtcdTestClient(anyClientUrl(api))) {
            client.put("survives", "the panel's crash");
            originalMembers = client.memberNames();
        }

        panel.kill();
        assertThat(EtcdReaper.processesUnder(dataDir)).as("members outlive the panel").hasSize(3);
        panel.start();

        Poll.until("crash Running after restart", DEADLINE, () -> "Running".equals(panel.api().phase(CLUSTER)));
        assertConverged(3);
        try (EtcdTestClient client = new EtcdTestClient(anyClientUrl(panel.api()))) {
            assertThat(client.memberNames()).isEqualTo(originalMembers);
            assertThat(client.get("survives")).isEqualTo("the panel's crash");
        }
    }

    @Test
    @Order(2)
    void killedAtEveryStepOfAScaleOutThePanelStillConvergesWithoutOrphansOrDuplicates() {
        List<String> crashPoints = List.of("crash: adding crash-3 as a learner", "crash: promoting learner crash-3",
                "crash: adding crash-4 as a learner");
        CompletableFuture<Void> firstKill = panel.killWhenPrinted(crashPoints.get(0));
        askForReplicas(5);
        awaitKill(firstKill, crashPoints.get(0));
        for (String next : crashPoints.subList(1, crashPoints.size())) {
            CompletableFuture<Void> kill = panel.killWhenPrinted(next);
            panel.start();
            awaitKill(kill, next);
        }
        panel.start();

        Poll.until("crash Running with 5 members", DEADLINE, () -> "Running".equals(panel.api().phase(CLUSTER))
                && panel.api().members(CLUSTER).size() == 5);
        assertConverged(5);
    }

    @Test
    @Order(3)
    void killedWhileRemovingAMemberThePanelFinishesTheScaleIn() {
        String crashPoint = "crash: removing crash-4";
        CompletableFuture<Void> kill = panel.killWhenPrinted(crashPoint);
        askForReplicas(3);
        awaitKill(kill, crashPoint);
        panel.start();

        Poll.until("crash Running with 3 members", DEADLINE, () -> "Running".equals(panel.api().phase(CLUSTER))
                && panel.api().members(CLUSTER).size() == 3);
        assertConverged(3);
        try (EtcdTestClient client = new EtcdTestClient(anyClientUrl(panel.api()))) {
            assertThat(client.memberNames()).isEqualTo(originalMembers);
            assertThat(client.get("survives")).isEqualTo("the panel's crash");
        }
    }

    @Test
    @Order(4)
    void aGracefulStopAndStartKeepsEveryMember() {
        panel.stop();
        assertThat(EtcdReaper.processesUnder(dataDir)).hasSize(3);
        panel.start();
        Poll.until("crash Running after a graceful restart", DEADLINE, () -> "Running".equals(panel.api().phase(CLUSTER)));
        assertConverged(3);
        try (EtcdTestClient client = new EtcdTestClient(anyClientUrl(panel.api()))) {
            assertThat(client.memberNames()).isEqualTo(originalMembers);
        }
    }

    @Test
    @Order(5)
    void aPanelThatWasDownOverSeveralDueRunsTakesOneCatchUpBackup() throws Exception {
        PanelApi api = panel.api();
        assertThat(api.put("/api/v1/clusters/crash/backup-schedule", "{\"cron\":\"0 0 * * * *\",\"keepLast\":5}").status())
                .isEqualTo(200);
        panel.stop();
        // The panel was down for five hourly runs: what its database would hold after five hours of downtime.
        try (Connection db = DriverManager.getConnection("jdbc:h2:file:" + dataDir.resolve("catalogue"), "sa", "")) {
            assertThat(db.createStatement().executeUpdate(
                    "update backup_schedules set next_run_at = dateadd('HOUR', -5, current_timestamp) where cluster = 'crash'"))
                    .isEqualTo(1);
        }
        panel.start();

        Poll.until("the catch-up backup restore-tested", DEADLINE, () -> panel.api().events(CLUSTER).stream()
                .anyMatch(event -> event.startsWith("SnapshotRestoreTested: ")));
        List<String> events = panel.api().events(CLUSTER);
        assertThat(events.stream().filter(event -> event.startsWith("BackupStarted: "))).as("one catch-up, not one per missed run")
                .hasSize(1);
        assertThat(events).noneMatch(event -> event.startsWith("ScheduledBackupSkipped"));
        JsonNode schedule = panel.api().get("/api/v1/clusters/crash/backup-schedule").json();
        assertThat(java.time.Instant.parse(schedule.path("nextRunAt").asString())).isAfter(java.time.Instant.now());
        assertThat(panel.api().delete("/api/v1/clusters/crash/backup-schedule").status()).isEqualTo(204);
    }

    /** etcd's list, the processes and the member directories all name the same members, once each. */
    private static void assertConverged(int members) {
        List<JsonNode> shown = panel.api().members(CLUSTER);
        assertThat(shown).hasSize(members).allMatch(member -> member.path("healthy").asBoolean() && !member.path("learner").asBoolean());
        List<String> names = shown.stream().map(member -> member.path("name").asString()).sorted().toList();
        assertThat(names).doesNotHaveDuplicates();
        try (EtcdTestClient client = new EtcdTestClient(anyClientUrl(panel.api()))) {
            assertThat(client.memberNames()).extracting(entry -> entry.split("=")[0]).isEqualTo(names);
        }
        assertThat(memberDirectories()).isEqualTo(names);
        for (String name : names) {
            assertThat(EtcdReaper.processesUnder(dataDir.resolve("local/crash/" + name))).as("processes of " + name).hasSize(1);
        }
        assertThat(EtcdReaper.processesUnder(dataDir)).hasSize(members);
    }

    private static List<String> memberDirectories() {
        try (Stream<Path> entries = Files.list(dataDir.resolve("local/crash"))) {
            return entries.map(path -> path.getFileName().toString()).sorted().toList();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * The spec change is stored before reconcile acts on it, so a kill at the first step it takes (removing a member
     * starts at once) may come before the answer: the restarted panel carrying it out proves it was stored.
     */
    private static void askForReplicas(int replicas) {
        try {
            assertThat(panel.api().patch("/api/v1/clusters/crash", "{\"replicas\":" + replicas + "}").status()).isEqualTo(200);
        } catch (UncheckedIOException answerLostToTheKill) {
            // see above
        }
    }

    private static void awaitKill(CompletableFuture<Void> kill, String line) {
        try {
            kill.get(DEADLINE.toSeconds(), TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new AssertionError("the panel never printed \"" + line + "\"", e);
        }
        panel.kill();
    }

    private static String anyClientUrl(PanelApi api) {
        return api.members(CLUSTER).stream().filter(member -> member.path("healthy").asBoolean())
                .map(member -> member.path("clientUrls").get(0).asString()).findFirst().orElseThrow();
    }
}
