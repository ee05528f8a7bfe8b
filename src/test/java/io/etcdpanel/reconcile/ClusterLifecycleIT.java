package io.etcdpanel.reconcile;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import io.etcdpanel.support.EtcdReaper;
import io.etcdpanel.support.EtcdTestClient;
import io.etcdpanel.support.HostReleases;
import io.etcdpanel.support.PanelApi;
import io.etcdpanel.support.Poll;
import io.etcdpanel.support.RunningPanel;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import tools.jackson.databind.JsonNode;

/** A 3-member cluster of real etcd processes, driven only through the REST API, from creation to deletion. */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ClusterLifecycleIT extends RunningPanel {

    private static final String CLUSTER = "orders";
    @Test
    @Order(1)
    void threeMemberClusterReachesRunningWithExactlyOneLeader() {
        PanelApi.Answer created = api.post("/api/v1/clusters", "{\"name\":\"orders\",\"replicas\":3}");
        assertThat(created.status()).isEqualTo(201);
        assertThat(created.header("Location")).isEqualTo("/api/v1/clusters/orders");

        Poll.until("orders Running", DEADLINE, () -> "Running".equals(api.phase(CLUSTER)));

        List<JsonNode> members = api.members(CLUSTER);
        assertThat(members).hasSize(3);
        assertThat(members).filteredOn(member -> member.path("leader").asBoolean()).hasSize(1);
        assertThat(members).allMatch(member -> member.path("healthy").asBoolean());
        assertThat(members).extracting(member -> member.path("version").asString()).containsOnly(HostReleases.DEFAULT);
        JsonNode status = api.cluster(CLUSTER).path("status");
        assertThat(status.path("leaderId").asString()).isNotBlank();
        assertThat(status.path("readyMembers").asInt()).isEqualTo(3);
        assertThat(conditionStatus(status, "Available")).isEqualTo("True");
        assertThat(conditionStatus(status, "Quorum")).isEqualTo("True");
        assertThat(api.eventReasons(CLUSTER)).contains("Created", "Bootstrapped", "LeaderChanged");
    }

    @Test
    @Order(2)
    void keyWrittenThroughOneMemberReadsBackFromAnother() {
        List<String> endpoints = clientUrls();
        try (EtcdTestClient first = new EtcdTestClient(endpoints.get(0)); EtcdTestClient second = new EtcdTestClient(endpoints.get(2))) {
            first.put("greeting", "hello from " + endpoints.get(0));
            assertThat(second.get("greeting")).isEqualTo("hello from " + endpoints.get(0));
        }
    }

    @Test
    @Order(3)
    void scalingThreeToFiveToThreeKeepsEtcdsMemberListMatchingAndTheData() {
        assertThat(api.patch("/api/v1/clusters/orders", "{\"replicas\":5}").status()).isEqualTo(200);
        watchScaling(5);
        assertThat(api.patch("/api/v1/clusters/orders", "{\"replicas\":3}").status()).isEqualTo(200);
        watchScaling(3);

        try (EtcdTestClient client = new EtcdTestClient(clientUrls().get(0))) {
            assertThat(client.get("greeting")).startsWith("hello from");
            assertThat(client.memberNames()).extracting(entry -> entry.split("=")[0])
                    .containsExactly("orders-0", "orders-1", "orders-2");
        }
        assertThat(EtcdReaper.processesUnder(DATA_DIR)).hasSize(3);
        assertThat(api.eventReasons(CLUSTER)).contains("MemberAdded", "MemberPromoted", "MemberRemoved");
    }

    @Test
    @Order(4)
    void aKilledMemberIsShownUnhealthyAndDegradedThenRestarted() {
        String follower = api.members(CLUSTER).stream().filter(member -> !member.path("leader").asBoolean())
                .map(member -> member.path("name").asString()).findFirst().orElseThrow();
        ProcessHandle victim = EtcdReaper.processesUnder(DATA_DIR.resolve("local/orders/" + follower)).get(0);
        victim.destroyForcibly();

        Poll.until(follower + " seen down: unhealthy in the member table or the cluster Degraded", DEADLINE,
                () -> "Degraded".equals(api.phase(CLUSTER)) || api.members(CLUSTER).stream().anyMatch(
                        member -> member.path("name").asString().equals(follower) && !member.path("healthy").asBoolean()));
        Poll.until("orders back from Degraded to Running", DEADLINE,
                () -> api.events(CLUSTER).stream().anyMatch(event -> event.startsWith("PhaseChanged: Degraded → Running")));
        assertThat(api.members(CLUSTER)).allMatch(member -> member.path("healthy").asBoolean());
        assertThat(EtcdReaper.processesUnder(DATA_DIR.resolve("local/orders/" + follower))).hasSize(1)
                .noneMatch(process -> process.pid() == victim.pid());
        assertThat(api.events(CLUSTER)).anyMatch(event -> event.startsWith("MemberRestarted: " + follower))
                // a pass between the kill and the runtime noticing the process is gone says the member does not answer yet
                .anyMatch(event -> event.startsWith("PhaseChanged: Running → Degraded: 2 of 3 members ready; ")
                        && (event.contains(follower + " is not running") || event.contains("1 member(s) do not answer yet")))
                .anyMatch(event -> event.startsWith("PhaseChanged: Degraded → Running"));
    }

    @Test
    @Order(5)
    void aKilledLeaderIsReplacedAndTheLeaderChangeIsCounted() {
        long changesBefore = api.events(CLUSTER).stream().filter(event -> event.startsWith("LeaderChanged")).count();
        String leader = api.cluster(CLUSTER).path("status").path("leaderName").asString();
        EtcdReaper.processesUnder(DATA_DIR.resolve("local/orders/" + leader)).forEach(ProcessHandle::destroyForcibly);

        Poll.until("a new leader recorded", DEADLINE, () -> api.events(CLUSTER).stream()
                .filter(event -> event.startsWith("LeaderChanged")).count() > changesBefore);
        Poll.until("orders Running with 3 healthy members", DEADLINE, () -> "Running".equals(api.phase(CLUSTER))
                && api.members(CLUSTER).stream().filter(member -> member.path("healthy").asBoolean()).count() == 3);
        // a sweep during the election records the loss, naming the old leader; without one, the change names it
        assertThat(api.events(CLUSTER)).anyMatch(event -> event.startsWith("LeaderLost: no member knows a leader (was " + leader)
                || event.startsWith("LeaderChanged: ") && event.endsWith("before: " + leader));
        assertThat(api.get("/actuator/prometheus").raw().body())
                .contains("etcdpanel_cluster_leader_changes_total{cluster=\"orders\"} " + (changesBefore + 1) + ".0");
    }

    @Test
    @Order(6)
    void deletingTheClusterStopsItsMembersAndRemovesTheirData() {
        assertThat(api.delete("/api/v1/clusters/orders").status()).isEqualTo(202);
        Poll.until("orders gone", DEADLINE, () -> api.get("/api/v1/clusters/orders").status() == 404);
        assertThat(EtcdReaper.processesUnder(DATA_DIR)).isEmpty();
        assertThat(DATA_DIR.resolve("local/orders")).doesNotExist();
        assertThat(api.get("/api/v1/clusters").json()).isEmpty();
    }

    @Test
    @Order(7)
    void aMemberOverItsQuotaShowsTheNospaceAlarm() {
        assertThat(api.post("/api/v1/clusters", "{\"name\":\"full\",\"replicas\":1,\"quotaBackendBytes\":1048576}").status())
                .isEqualTo(201);
        Poll.until("full Running", DEADLINE, () -> "Running".equals(api.phase("full")));
        String endpoint = api.members("full").get(0).path("clientUrls").get(0).asString();
        try (EtcdTestClient client = new EtcdTestClient(endpoint)) {
            String value = "x".repeat(16 * 1024);
            String refusal = null;
            for (int i = 0; i < 1000 && refusal == null; i++) {
                try {
                    client.put("filler-" + i, value);
                } catch (IllegalStateException e) {
                    refusal = e.getMessage();
                }
            }
            assertThat(refusal).as("etcd refuses writes past its quota").contains("database space exceeded");
        }
        Poll.until("the NOSPACE alarm shown on the member", DEADLINE, () -> api.members("full").get(0).path("alarms").toString()
                .contains("NOSPACE"));
        assertThat(api.delete("/api/v1/clusters/full").status()).isEqualTo(202);
        Poll.until("full gone", DEADLINE, () -> api.get("/api/v1/clusters/full").status() == 404);
    }

    /** Polls until etcd has exactly the wanted voting members, checking at every look that the panel and etcd agree. */
    private void watchScaling(int wanted) {
        Set<String> mismatches = new HashSet<>();
        Poll.until("orders converged at " + wanted + " members", Duration.ofSeconds(90), () -> {
            List<JsonNode> members = api.members(CLUSTER);
            List<String> fromPanel = members.stream().map(member -> member.path("name").asString() + "=" + member.path("id").asString())
                    .sorted().toList();
            List<String> fromEtcd;
            try (EtcdTestClient client = new EtcdTestClient(clientUrls(members).get(0))) {
                fromEtcd = client.memberNames();
            }
            String sample = String.join(",", fromEtcd);
            if (!fromPanel.equals(fromEtcd) && fromPanel.stream().noneMatch(String::isEmpty)) {
                if (!mismatches.add(sample)) {
                    throw new AssertionError("the panel shows " + fromPanel + " while etcd lists " + fromEtcd);
                }
            }
            long voters = members.stream().filter(member -> !member.path("learner").asBoolean()).count();
            long learners = members.size() - voters;
            assertThat(voters).as("voting members never drop below the smaller spec").isGreaterThanOrEqualTo(3);
            assertThat(learners).as("one learner at a time").isLessThanOrEqualTo(1);
            assertThat(fromEtcd.stream().map(entry -> entry.split("=")[0]).filter(name -> !name.isEmpty()).distinct().count())
                    .as("no duplicate names").isEqualTo(fromEtcd.stream().filter(entry -> !entry.startsWith("=")).count());
            return voters == wanted && learners == 0 && members.stream().allMatch(member -> member.path("healthy").asBoolean())
                    && "Running".equals(api.phase(CLUSTER)) && fromPanel.equals(fromEtcd);
        });
    }

    private List<String> clientUrls() {
        return clientUrls(api.members(CLUSTER));
    }

    private static List<String> clientUrls(List<JsonNode> members) {
        return members.stream().filter(member -> member.path("healthy").asBoolean())
                .map(member -> member.path("clientUrls").get(0).asString()).toList();
    }

    private static String conditionStatus(JsonNode status, String type) {
        for (JsonNode condition : status.path("conditions")) {
            if (condition.path("type").asString().equals(type)) {
                return condition.path("status").asString();
            }
        }
        return null;
    }
}
