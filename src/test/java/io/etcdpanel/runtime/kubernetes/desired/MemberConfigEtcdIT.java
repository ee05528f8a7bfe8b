package io.etcdpanel.runtime.kubernetes.desired;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import io.etcdpanel.catalogue.ClusterSpec;
import io.etcdpanel.runtime.JoinPlan;
import io.etcdpanel.support.Poll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The configuration file the panel puts in a member's ConfigMap is one real etcd starts from: the
 * generated file, moved from pod DNS names to loopback ports, given to {@code etcd --config-file}.
 */
class MemberConfigEtcdIT {

    private static final Duration DEADLINE = Duration.ofSeconds(30);
    private static final long QUOTA = 3L * 1024 * 1024 * 1024;

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();
    private final List<Process> started = new ArrayList<>();

    @TempDir
    Path dir;

    @AfterEach
    void stopMembers() throws InterruptedException {
        for (Process process : started) {
            process.destroy();
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        }
    }

    @Test
    void etcdStartsFromTheGeneratedFileAndTakesItsValues() throws Exception {
        ClusterSpec spec = spec(1);
        int clientPort = freePort();
        int peerPort = freePort();
        String peerUrl = "http://127.0.0.1:" + peerPort;
        JoinPlan plan = new JoinPlan(Map.of("cfg-0", MemberAddresses.peerUrl(spec, "cfg-0")), true, "cfg-5c1d");
        MemberConfig config = MemberConfigs.forPod(spec, "cfg-0", plan)
                .relocated(dir.resolve("cfg-0/data").toString(), "http://127.0.0.1:" + clientPort, peerUrl, "cfg-0=" + peerUrl);

        String clientUrl = awaitServing(launch(config), config);

        assertThat(etcdctl(clientUrl, "endpoint", "health")).contains("is healthy");
        assertThat(etcdctl(clientUrl, "member", "list")).contains("cfg-0", peerUrl, clientUrl);
        assertThat(quotaMetric(clientUrl)).isEqualTo(QUOTA);
        assertThat(Files.exists(dir.resolve("cfg-0/data/member"))).isTrue();
        HttpResponse<String> gateway = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(clientUrl + "/v3/kv/range"))
                .timeout(Duration.ofSeconds(5)).POST(HttpRequest.BodyPublishers.ofString("{\"key\":\"Zm9v\"}")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(gateway.statusCode()).as("the JSON gateway answers: " + gateway.body()).isEqualTo(200);
        assertThat(gateway.body()).contains("\"revision\"");
    }

    @Test
    void threeMembersBootstrapOneClusterFromTheirFiles() throws Exception {
        ClusterSpec spec = spec(3);
        Map<String, String> peers = new LinkedHashMap<>();
        Map<String, String> clients = new LinkedHashMap<>();
        for (int ordinal = 0; ordinal < 3; ordinal++) {
            peers.put("cfg-" + ordinal, "http://127.0.0.1:" + freePort());
            clients.put("cfg-" + ordinal, "http://127.0.0.1:" + freePort());
        }
        JoinPlan podPlan = DesiredFixtures.bootstrap(spec, 3);
        String localInitialCluster = new JoinPlan(peers, true, podPlan.token()).initialClusterFlag();

        Map<MemberConfig, Process> members = new LinkedHashMap<>();
        for (String member : peers.keySet()) {
            MemberConfig config = MemberConfigs.forPod(spec, member, podPlan).relocated(dir.resolve(member + "/data").toString(),
                    clients.get(member), peers.get(member), localInitialCluster);
            members.put(config, launch(config));
        }

        // a new cluster's members serve clients only once all of them run: launch all, then wait
        members.forEach((config, process) -> awaitServing(process, config));
        for (String clientUrl : clients.values()) {
            Poll.until("member on " + clientUrl + " healthy", DEADLINE, () -> get(clientUrl + "/health").contains("\"health\":\"true\""));
        }
        String list = etcdctl(clients.get("cfg-0"), "member", "list");
        assertThat(list.lines().filter(line -> line.contains("started"))).hasSize(3);
        assertThat(etcdctl(clients.get("cfg-2"), "endpoint", "health")).contains("is healthy");
    }

    private Process launch(MemberConfig config) throws IOException {
        Path file = dir.resolve(config.name() + ".yaml");
        Files.writeString(file, config.toYaml());
        Process process = new ProcessBuilder("etcd", "--config-file=" + file)
                .redirectErrorStream(true).redirectOutput(dir.resolve(config.name() + ".log").toFile()).start();
        started.add(process);
        return process;
    }

    private String awaitServing(Process process, MemberConfig config) {
        Path log = dir.resolve(config.name() + ".log");
        String clientUrl = config.advertiseClientUrls();
        try {
            Poll.until("etcd " + config.name() + " serving on " + clientUrl, DEADLINE, () -> {
                if (!process.isAlive()) {
                    throw new AssertionError("etcd ended: " + read(log));
                }
                return !get(clientUrl + "/health").isEmpty();
            });
        } catch (AssertionError e) {
            throw new AssertionError(e.getMessage() + "\n" + read(log), e);
        }
        return clientUrl;
    }

    private long quotaMetric(String clientUrl) {
        return get(clientUrl + "/metrics").lines()
                .filter(line -> line.startsWith("etcd_server_quota_backend_bytes "))
                .map(line -> (long) Double.parseDouble(line.substring(line.indexOf(' ') + 1)))
                .findFirst().orElseThrow();
    }

    private String etcdctl(String endpoint, String... command) throws IOException, InterruptedException {
        List<String> line = new ArrayList<>(List.of("etcdctl", "--endpoints=" + endpoint, "--command-timeout=5s"));
        line.addAll(List.of(command));
        ProcessBuilder builder = new ProcessBuilder(line).redirectErrorStream(true);
        builder.environment().put("ETCDCTL_API", "3");
        Process process = builder.start();
        String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(20, TimeUnit.SECONDS)).as("etcdctl ended").isTrue();
        assertThat(process.exitValue()).as("etcdctl %s: %s", line, out).isZero();
        return out;
    }

    private String get(String url) {
        try {
            HttpResponse<String> response = http.send(
                    HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(3)).build(),
                    HttpResponse.BodyHandlers.ofString());
            return response.body();
        } catch (IOException e) {
            return "";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "";
        }
    }

    private static String read(Path log) {
        try {
            return Files.exists(log) ? Files.readString(log) : "";
        } catch (IOException e) {
            return e.toString();
        }
    }

    private static ClusterSpec spec(int replicas) {
        return new ClusterSpec("cfg", replicas, "3.4.23", "kubernetes", "it", null, null, QUOTA);
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
