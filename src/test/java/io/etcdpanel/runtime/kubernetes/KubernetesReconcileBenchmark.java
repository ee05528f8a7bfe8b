package io.etcdpanel.runtime.kubernetes;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.etcdpanel.support.KubeHarness;
import io.etcdpanel.support.PanelApi;
import io.etcdpanel.support.Poll;
import io.etcdpanel.support.RunningPanel;
import io.fabric8.kubernetes.api.model.authentication.TokenRequestBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The benchmark of bench/kube_reconcile_bench.py (not a test: no name surefire picks up): the real panel,
 * as the ServiceAccount of rbac.yaml, reconciles {@code bench.clusters} single-member clusters against a real
 * kube-apiserver with nothing to change, and reports time per pass (the panel's reconcile timer) and the API
 * server's own request counts per pass by verb. No node runs the pods: they stay Pending, members never
 * answer, and every pass ends the same way (wait, then converge the objects).
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class KubernetesReconcileBenchmark {

    @RegisterExtension
    static final KubeHarness KUBE = new KubeHarness();

    private static final String NAMESPACE = "etcd-panel";
    private static final int CLUSTERS = Integer.getInteger("bench.clusters", 200);
    private static final int PASSES = Integer.getInteger("bench.passes", 5);
    private static final Path RESULT = Path.of(System.getProperty("bench.result", "target/kube-reconcile-bench.txt"));
    private static final Path DATA_DIR = RunningPanel.temporaryDirectory("etcdpanel-kube-bench-");
    private static final Duration DEADLINE = Duration.ofMinutes(15);
    private static final List<String> WRITES = List.of("APPLY", "PATCH", "CREATE", "POST", "UPDATE", "PUT", "DELETE");
    /** What the panel writes; the controllers write events, endpoint slices and statuses besides. */
    private static final List<String> PANELS_KINDS = List.of("statefulsets", "services", "configmaps", "poddisruptionbudgets",
            "persistentvolumeclaims");
    private static final Pattern REQUEST = Pattern.compile(
            "^apiserver_request_total\\{(?<labels>[^}]*)} (?<value>\\S+)$", Pattern.MULTILINE);

    @LocalServerPort
    int port;

    @DynamicPropertySource
    static void panelProperties(DynamicPropertyRegistry registry) {
        registry.add("etcdpanel.data-dir", DATA_DIR::toString);
        registry.add("etcdpanel.kubernetes.enabled", () -> "true");
        registry.add("etcdpanel.kubernetes.namespaces", () -> NAMESPACE);
        registry.add("etcdpanel.backup.restore-test", () -> "false");
    }

    @BeforeAll
    static void deployThePanelsAccount() throws IOException {
        KubernetesClient admin = KUBE.client();
        for (String file : List.of("namespace.yaml", "rbac.yaml")) {
            try (var manifest = Files.newInputStream(PanelManifestsIT.MANIFESTS.resolve(file))) {
                admin.load(manifest).items().forEach(object -> admin.resource(object).create());
            }
        }
        String token = admin.serviceAccounts().inNamespace(NAMESPACE).withName("etcd-panel")
                .tokenRequest(new TokenRequestBuilder().withNewSpec().withExpirationSeconds(7200L).endSpec().build())
                .getStatus().getToken();
        System.setProperty("kubeconfig", KUBE.kubeconfigWithToken("panel.kubeconfig", token).toString());
    }

    @AfterAll
    static void forgetTheAccount() {
        System.clearProperty("kubeconfig");
    }

    @Test
    void reconcilePassesWithNothingToChange() throws IOException {
        PanelApi api = new PanelApi(port);
        KubernetesClient admin = KUBE.client();
        for (int i = 0; i < CLUSTERS; i++) {
            PanelApi.Answer created = api.post("/api/v1/clusters", "{\"name\":\"" + name(i) + "\",\"replicas\":1,"
                    + "\"runtime\":\"kubernetes\",\"namespace\":\"" + NAMESPACE + "\"}");
            assertThat(created.status()).as(created.raw().body()).isEqualTo(201);
        }
        long start = System.nanoTime();
        Poll.until(CLUSTERS + " clusters bootstrapped: a StatefulSet and a pod each", DEADLINE, () ->
                admin.apps().statefulSets().inNamespace(NAMESPACE).list().getItems().size() == CLUSTERS
                        && admin.pods().inNamespace(NAMESPACE).list().getItems().size() == CLUSTERS
                        && admin.configMaps().inNamespace(NAMESPACE).list().getItems().stream()
                        .filter(map -> map.getMetadata().getName().endsWith("-members") && map.getData() != null
                                && map.getData().keySet().stream().filter(key -> key.endsWith(".yaml")).count() == 1).count() == CLUSTERS);
        double converged = (System.nanoTime() - start) / 1e9;
        // past a converging cluster's 20 quick looks again (100 ms apart), so the window starts in the steady state
        double settledPasses = reconcileCount(api) + 25.0 * CLUSTERS;
        Poll.until("25 passes of every cluster after bootstrap", DEADLINE, () -> reconcileCount(api) >= settledPasses);

        Map<String, Double> requestsBefore = requestsByVerb(admin);
        double[] timerBefore = reconcileTimer(api);
        long windowStart = System.nanoTime();
        Poll.until(PASSES + " passes of every cluster", DEADLINE, () -> reconcileCount(api) >= timerBefore[0] + (double) PASSES * CLUSTERS);
        double window = (System.nanoTime() - windowStart) / 1e9;
        double[] timerAfter = reconcileTimer(api);
        Map<String, Double> requestsAfter = requestsByVerb(admin);

        double passes = timerAfter[0] - timerBefore[0];
        StringBuilder report = new StringBuilder();
        report.append(String.format("clusters %d%nbootstrapped_s %.1f%nwindow_s %.1f%npasses %.0f%nmean_pass_ms %.2f%n",
                CLUSTERS, converged, window, passes, 1000 * (timerAfter[1] - timerBefore[1]) / passes));
        long writes = 0;
        long panelWrites = 0;
        for (Map.Entry<String, Double> request : requestsAfter.entrySet()) {
            double count = request.getValue() - requestsBefore.getOrDefault(request.getKey(), 0.0);
            report.append(String.format("requests_per_pass %s %.3f%n", request.getKey(), count / passes));
            String[] verbAndResource = request.getKey().split(" ");
            if (WRITES.contains(verbAndResource[0])) {
                writes += Math.round(count);
                if (PANELS_KINDS.contains(verbAndResource[1])) {
                    panelWrites += Math.round(count);
                }
            }
        }
        report.append(String.format("writes_in_window %d%nwrites_to_the_panels_kinds_per_pass %.3f%n", writes, panelWrites / passes));
        Files.createDirectories(RESULT.toAbsolutePath().getParent());
        Files.writeString(RESULT, report);
        System.out.print(report);

        for (int i = 0; i < CLUSTERS; i++) {
            api.delete("/api/v1/clusters/" + name(i));
        }
        Poll.until("every cluster deleted", DEADLINE, () -> api.get("/api/v1/clusters").json().isEmpty());
    }

    private static String name(int i) {
        return String.format("b%03d", i);
    }

    /** The API server's own count of the requests it answered, by verb and resource (not /metrics itself). */
    private static Map<String, Double> requestsByVerb(KubernetesClient admin) {
        Map<String, Double> byVerb = new TreeMap<>();
        Matcher line = REQUEST.matcher(admin.raw(KUBE.apiServer().resolve("/metrics").toString()));
        while (line.find()) {
            Map<String, String> labels = new TreeMap<>();
            for (String pair : line.group("labels").split(",")) {
                int equals = pair.indexOf('=');
                labels.put(pair.substring(0, equals), pair.substring(equals + 2, pair.length() - 1));
            }
            if (!labels.getOrDefault("resource", "").isEmpty()) {
                byVerb.merge(labels.get("verb") + " " + labels.get("resource"), Double.parseDouble(line.group("value")), Double::sum);
            }
        }
        return byVerb;
    }

    private static double reconcileCount(PanelApi api) {
        return reconcileTimer(api)[0];
    }

    /** {count, sum in seconds} of the panel's reconcile timer (one pass over one cluster). */
    private static double[] reconcileTimer(PanelApi api) {
        String metrics = api.get("/actuator/prometheus").raw().body();
        return new double[] {metric(metrics, "etcdpanel_reconcile_seconds_count"), metric(metrics, "etcdpanel_reconcile_seconds_sum")};
    }

    private static double metric(String metrics, String name) {
        Matcher line = Pattern.compile("^" + name + "(\\{[^}]*})? (\\S+)$", Pattern.MULTILINE).matcher(metrics);
        return line.find() ? Double.parseDouble(line.group(2)) : 0;
    }
}
