package io.etcdpanel.support.kube;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import com.sun.net.httpserver.HttpServer;
import io.etcdpanel.support.EtcdReaper;
import io.etcdpanel.support.EtcdTestClient;
import io.etcdpanel.support.KubeHarness;
import io.etcdpanel.support.Poll;
import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaimBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The test node agent runs a restore Job's pod as the panel will write it (one Job per member): an init container
 * {@code sh -c} that fetches the snapshot from a server on the host's loopback through the host port relay, checks
 * its sha256 and clears the member's data dir in the member's claim; then {@code etcdctl snapshot restore} into that
 * claim. The Job completes, and an etcd started later on the same claim serves the restored keys; a fetch that fails
 * fails the pod and the Job, and the restore never runs.
 */
class TestNodeAgentJobIT {

    @RegisterExtension
    static final KubeHarness KUBE = new KubeHarness(); // its default controllers include job-controller

    private static final String PREFIX = "tnajob";
    private static final String SUBNET = "10.213.73.0/24";
    private static final Duration DEADLINE = Duration.ofSeconds(90);
    private static final String TOKEN = "a-snapshot-token";
    private static final String KEY = "/restored/by";
    private static final String VALUE = "a restore job";
    private static final String FETCH = """
            set -e
            echo "fetching the snapshot"
            wget -q -O /snapshot/snapshot.db "$SNAPSHOT_URL"
            echo "$SNAPSHOT_SHA256  /snapshot/snapshot.db" | sha256sum -c
            rm -rf /var/lib/etcd/data
            """;

    private static Path work;
    private static byte[] snapshot;
    private static HttpServer panel;
    private static ExecutorService panelThreads;
    private static final Queue<String> requested = new ConcurrentLinkedQueue<>();
    /** The snapshot is served once this opens: the test looks at the pod while its init container runs. */
    private static final CountDownLatch serve = new CountDownLatch(1);
    private static boolean snapshotDirWasThere;
    private static TestNodeAgent agent;

    @BeforeAll
    static void snapshotPanelAndAgent() throws Exception {
        work = Files.createTempDirectory("tnajob-");
        snapshot = takeSnapshot(work);
        panelThreads = Executors.newCachedThreadPool();
        panel = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 16);
        panel.setExecutor(panelThreads);
        panel.createContext("/handoff/snapshots/", exchange -> {
            try (exchange) {
                String path = exchange.getRequestURI().getPath();
                requested.add(path);
                if (!path.equals("/handoff/snapshots/" + TOKEN)) {
                    exchange.sendResponseHeaders(404, -1);
                    return;
                }
                serve.await(DEADLINE.toSeconds(), TimeUnit.SECONDS);
                exchange.sendResponseHeaders(200, snapshot.length);
                try (OutputStream body = exchange.getResponseBody()) {
                    body.write(snapshot);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        panel.start();
        snapshotDirWasThere = Files.exists(Path.of("/snapshot"));
        agent = new TestNodeAgent(KUBE.client(), TestNodeAgent.options(PREFIX, SUBNET));
        agent.relayHostPort(panel.getAddress().getPort()); // as a test does once its panel listens, after the agent
    }

    @AfterAll
    static void closeAllAndLeaveNothing() {
        try {
            if (agent != null) {
                agent.close();
                assertThat(TestNodeAgent.leftovers(PREFIX)).as("the host after close").isEmpty();
                if (!snapshotDirWasThere) {
                    assertThat(Path.of("/snapshot")).as("the mount point the agent made for the Job's pods").doesNotExist();
                }
            }
        } finally {
            serve.countDown();
            if (panel != null) {
                panel.stop(0);
                panelThreads.shutdownNow();
            }
            EtcdReaper.killAllUnder(work.resolve("etcd"));
            HostCommands.deleteRecursively(work);
        }
    }

    @Test
    void restoreJobFetchesThroughTheRelayRestoresIntoTheMembersClaimAndCompletes() throws IOException {
        KubernetesClient client = KUBE.client();
        String namespace = namespace("agent-job-ok");
        PersistentVolumeClaim claim = claim(namespace, "data-m0");
        client.resource(restoreJob(namespace, "m0", TOKEN, sha256(snapshot))).create();

        Pod fetching = Poll.untilValue("the fetch init container running", DEADLINE, () -> {
            Pod pod = jobPod(namespace, "restore-m0");
            return pod != null && pod.getStatus().getInitContainerStatuses() != null
                    && !pod.getStatus().getInitContainerStatuses().isEmpty()
                    && pod.getStatus().getInitContainerStatuses().get(0).getState().getRunning() != null ? pod : null;
        });
        assertThat(fetching.getStatus().getPhase()).isEqualTo("Pending");
        assertThat(condition(fetching, "Initialized")).isEqualTo("False");
        assertThat(fetching.getStatus().getContainerStatuses().get(0).getState().getWaiting().getReason()).isEqualTo("PodInitializing");
        serve.countDown();

        Job job = Poll.untilValue("Job restore-m0 complete", DEADLINE, () -> {
            Job current = client.batch().v1().jobs().inNamespace(namespace).withName("restore-m0").get();
            return jobCondition(current, "Complete") ? current : null;
        });
        assertThat(job.getStatus().getSucceeded()).isEqualTo(1);
        Pod pod = jobPod(namespace, "restore-m0");
        String podName = pod.getMetadata().getName();
        assertThat(pod.getStatus().getPhase()).isEqualTo("Succeeded");
        assertThat(condition(pod, "Initialized")).isEqualTo("True");
        ContainerStatus fetch = pod.getStatus().getInitContainerStatuses().get(0);
        assertThat(fetch.getName()).isEqualTo("fetch");
        assertThat(fetch.getState().getTerminated().getExitCode()).isZero();
        assertThat(fetch.getState().getTerminated().getReason()).isEqualTo("Completed");
        assertThat(pod.getStatus().getContainerStatuses().get(0).getState().getTerminated().getExitCode()).isZero();
        assertThat(requested).contains("/handoff/snapshots/" + TOKEN);
        // pods/log, through the API server to the agent's kubelet endpoint
        assertThat(client.pods().inNamespace(namespace).withName(podName).inContainer("fetch").getLog())
                .contains("fetching the snapshot").contains("/snapshot/snapshot.db: OK");
        assertThat(client.pods().inNamespace(namespace).withName(podName).inContainer("restore").getLog())
                .contains("restored snapshot").contains("/var/lib/etcd/data");
        Path claimDir = AgentHost.dirOf(PREFIX).resolve("claims").resolve(namespace)
                .resolve("data-m0-" + claim.getMetadata().getUid());
        assertThat(claimDir.resolve("data/member/snap/db")).isRegularFile();
        // a finished pod gives its sandbox back, the relay in it too
        Poll.until("the finished pod's network namespace and relay gone", DEADLINE,
                () -> agent.hostResources().netns().stream().noneMatch(netns -> netns.contains(podName))
                        && agent.hostResources().processes().stream().noneMatch(process -> process.contains(podName)));

        Pod member = client.resource(etcdPod(namespace, "m0")).create();
        Pod running = Poll.untilValue("etcd m0 on the restored claim running and ready", DEADLINE, () -> {
            Pod current = client.pods().inNamespace(namespace).withName(member.getMetadata().getName()).get();
            return current != null && "True".equals(condition(current, "Ready")) ? current : null;
        });
        try (EtcdTestClient etcd = new EtcdTestClient("http://" + running.getStatus().getPodIP() + ":2379")) {
            assertThat(etcd.get(KEY)).isEqualTo(VALUE);
        }
    }

    @Test
    void fetchThatFailsFailsThePodAndTheJobAndTheRestoreNeverRuns() throws IOException {
        KubernetesClient client = KUBE.client();
        String namespace = namespace("agent-job-404");
        claim(namespace, "data-m1");
        client.resource(restoreJob(namespace, "m1", "no-such-token", sha256(snapshot))).create();

        Job job = Poll.untilValue("Job restore-m1 failed", DEADLINE, () -> {
            Job current = client.batch().v1().jobs().inNamespace(namespace).withName("restore-m1").get();
            return jobCondition(current, "Failed") ? current : null;
        });
        assertThat(job.getStatus().getFailed()).isEqualTo(1);
        Pod pod = jobPod(namespace, "restore-m1");
        assertThat(pod.getStatus().getPhase()).isEqualTo("Failed");
        assertThat(condition(pod, "Initialized")).isEqualTo("False");
        ContainerStatus fetch = pod.getStatus().getInitContainerStatuses().get(0);
        assertThat(fetch.getState().getTerminated().getExitCode()).as("wget's exit code for a 404").isNotZero();
        assertThat(fetch.getState().getTerminated().getReason()).isEqualTo("Error");
        assertThat(fetch.getRestartCount()).isZero();
        ContainerStatus restore = pod.getStatus().getContainerStatuses().get(0);
        assertThat(restore.getState().getWaiting().getReason()).isEqualTo("PodInitializing");
        assertThat(restore.getContainerID()).isNull();
        assertThat(agent.podLog(namespace, pod.getMetadata().getName(), "restore")).as("the restore container's output").doesNotExist();
        assertThat(requested).contains("/handoff/snapshots/no-such-token");
        assertThat(Files.readString(agent.podLog(namespace, pod.getMetadata().getName(), "fetch"))).contains("fetching the snapshot");
    }

    /** Left to go with the harness: nothing here waits for a namespace's deletion. */
    private static String namespace(String name) {
        KUBE.client().resource(new NamespaceBuilder().withNewMetadata().withName(name).endMetadata().build()).create();
        return name;
    }

    private static PersistentVolumeClaim claim(String namespace, String name) {
        return KUBE.client().resource(new PersistentVolumeClaimBuilder()
                .withNewMetadata().withName(name).withNamespace(namespace).endMetadata()
                .withNewSpec().withAccessModes("ReadWriteOnce")
                .withNewResources().addToRequests("storage", new Quantity("1Gi")).endResources()
                .endSpec().build()).create();
    }

    /** The Job the panel writes to restore one member: fetch and check into an emptyDir, then etcdctl into the claim. */
    private static Job restoreJob(String namespace, String member, String token, String sha256) {
        String url = "http://127.0.0.1:" + panel.getAddress().getPort() + "/handoff/snapshots/" + token;
        return new JobBuilder()
                .withNewMetadata().withName("restore-" + member).withNamespace(namespace).endMetadata()
                .withNewSpec().withBackoffLimit(0).withActiveDeadlineSeconds(300L)
                .withNewTemplate().withNewSpec().withRestartPolicy("Never")
                .addNewVolume().withName("data").withNewPersistentVolumeClaim().withClaimName("data-" + member)
                .endPersistentVolumeClaim().endVolume()
                .addNewVolume().withName("snapshot").withNewEmptyDir().endEmptyDir().endVolume()
                .addNewInitContainer().withName("fetch").withImage("busybox:1.36")
                .withCommand("sh", "-c", FETCH)
                .addNewEnv().withName("SNAPSHOT_URL").withValue(url).endEnv()
                .addNewEnv().withName("SNAPSHOT_SHA256").withValue(sha256).endEnv()
                .addNewVolumeMount().withName("data").withMountPath("/var/lib/etcd").endVolumeMount()
                .addNewVolumeMount().withName("snapshot").withMountPath("/snapshot").endVolumeMount()
                .endInitContainer()
                .addNewContainer().withName("restore").withImage("gcr.io/etcd-development/etcd:v3.4.23")
                .withCommand("/usr/local/bin/etcdctl", "snapshot", "restore", "/snapshot/snapshot.db",
                        "--name", member, "--data-dir", "/var/lib/etcd/data",
                        "--initial-cluster", member + "=http://127.0.0.1:2380",
                        "--initial-advertise-peer-urls", "http://127.0.0.1:2380",
                        "--initial-cluster-token", namespace + "-restored")
                .addNewEnv().withName("ETCDCTL_API").withValue("3").endEnv()
                .addNewVolumeMount().withName("data").withMountPath("/var/lib/etcd").endVolumeMount()
                .addNewVolumeMount().withName("snapshot").withMountPath("/snapshot").endVolumeMount()
                .endContainer()
                .endSpec().endTemplate().endSpec().build();
    }

    /** The member as its StatefulSet pod would run it later: etcd on the same claim, which finds the restored data dir. */
    private static Pod etcdPod(String namespace, String member) {
        return new PodBuilder().withNewMetadata().withName(member).withNamespace(namespace).endMetadata()
                .withNewSpec()
                .addNewContainer().withName("etcd").withImage("gcr.io/etcd-development/etcd:v3.4.23")
                .withCommand("/usr/local/bin/etcd", "--name", member, "--data-dir", "/var/lib/etcd/data",
                        "--listen-client-urls", "http://0.0.0.0:2379", "--advertise-client-urls", "http://$(POD_IP):2379",
                        "--listen-peer-urls", "http://127.0.0.1:2380")
                .addNewEnv().withName("POD_IP").withNewValueFrom().withNewFieldRef().withFieldPath("status.podIP")
                .endFieldRef().endValueFrom().endEnv()
                .addNewVolumeMount().withName("data").withMountPath("/var/lib/etcd").endVolumeMount()
                .withNewReadinessProbe().withNewHttpGet().withPath("/health").withPort(new IntOrString(2379)).endHttpGet()
                .withPeriodSeconds(1).endReadinessProbe()
                .endContainer()
                .addNewVolume().withName("data").withNewPersistentVolumeClaim().withClaimName("data-" + member)
                .endPersistentVolumeClaim().endVolume()
                .endSpec().build();
    }

    private static Pod jobPod(String namespace, String job) {
        List<Pod> pods = KUBE.client().pods().inNamespace(namespace).withLabel("job-name", job).list().getItems();
        return pods.isEmpty() || pods.get(0).getStatus() == null ? null : pods.get(0);
    }

    private static boolean jobCondition(Job job, String type) {
        return job != null && job.getStatus() != null && job.getStatus().getConditions() != null
                && job.getStatus().getConditions().stream().anyMatch(c -> type.equals(c.getType()) && "True".equals(c.getStatus()));
    }

    private static String condition(Pod pod, String type) {
        return pod.getStatus().getConditions() == null ? null : pod.getStatus().getConditions().stream()
                .filter(c -> type.equals(c.getType())).map(c -> c.getStatus()).findFirst().orElse(null);
    }

    /** A real etcd snapshot holding one key, from a throwaway etcd on loopback. */
    private static byte[] takeSnapshot(Path dir) throws IOException, InterruptedException {
        String client = "http://127.0.0.1:" + freePort();
        String peer = "http://127.0.0.1:" + freePort();
        Process etcd = new ProcessBuilder("etcd", "--name=snap", "--data-dir=" + dir.resolve("etcd"),
                "--listen-client-urls=" + client, "--advertise-client-urls=" + client,
                "--listen-peer-urls=" + peer, "--initial-advertise-peer-urls=" + peer, "--initial-cluster=snap=" + peer)
                .redirectErrorStream(true).redirectOutput(dir.resolve("etcd.log").toFile()).start();
        try {
            try (EtcdTestClient throwaway = new EtcdTestClient(client)) {
                Poll.until("the throwaway etcd to take a key", DEADLINE, () -> {
                    throwaway.put(KEY, VALUE);
                    return true;
                });
            }
            Path file = dir.resolve("snapshot.db");
            ProcessBuilder save = new ProcessBuilder("etcdctl", "--endpoints=" + client, "snapshot", "save", file.toString())
                    .redirectErrorStream(true).redirectOutput(dir.resolve("etcdctl.log").toFile());
            save.environment().put("ETCDCTL_API", "3");
            Process saving = save.start();
            assertThat(saving.waitFor(30, TimeUnit.SECONDS)).as("etcdctl snapshot save ended").isTrue();
            assertThat(saving.exitValue()).as(Files.readString(dir.resolve("etcdctl.log"))).isZero();
            return Files.readAllBytes(file);
        } finally {
            etcd.destroy();
            if (!etcd.waitFor(10, TimeUnit.SECONDS)) {
                etcd.destroyForcibly();
            }
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    private static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
