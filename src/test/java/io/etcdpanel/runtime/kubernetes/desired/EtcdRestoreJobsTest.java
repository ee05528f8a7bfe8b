package io.etcdpanel.runtime.kubernetes.desired;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import io.etcdpanel.catalogue.ClusterSpec;
import io.etcdpanel.runtime.JoinPlan;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.VolumeMount;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EtcdRestoreJobsTest {

    private final ClusterSpec spec = DesiredFixtures.orders();
    private final JoinPlan restored = new JoinPlan(DesiredFixtures.bootstrap(spec, 3).initialCluster(), true, "orders-restore-1a2b3c4d");
    private final RestoreJobPlan plan = new RestoreJobPlan("orders-1", "http://panel.example:8080/handoff/snapshots/t0ken", "ab12",
            restored, 1_000_000_000L, Duration.ofMinutes(5));

    @Test
    void theJobRunsOnceWithinItsDeadlineAndIsNoMemberPod() {
        Job job = EtcdRestoreJobs.job(spec, plan, RuntimeSettings.DEFAULT);

        assertThat(job.getMetadata().getName()).isEqualTo("orders-1-restore");
        assertThat(job.getMetadata().getNamespace()).isEqualTo("shop");
        assertThat(job.getMetadata().getLabels()).containsEntry(EtcdLabels.MANAGED_BY, "etcd-panel")
                .containsEntry(EtcdLabels.INSTANCE, "orders").containsEntry(EtcdLabels.NAME, "etcd-restore");
        assertThat(job.getSpec().getTemplate().getMetadata().getLabels())
                .as("the member pods' selector must not pick the restore pod").doesNotContainEntry(EtcdLabels.NAME, "etcd");
        assertThat(job.getSpec().getBackoffLimit()).isZero();
        assertThat(job.getSpec().getActiveDeadlineSeconds()).isEqualTo(300L);
        PodSpec pod = job.getSpec().getTemplate().getSpec();
        assertThat(pod.getRestartPolicy()).isEqualTo("Never");
        assertThat(pod.getAutomountServiceAccountToken()).isFalse();
        assertThat(pod.getVolumes()).hasSize(2);
        assertThat(pod.getVolumes().get(0).getPersistentVolumeClaim().getClaimName()).isEqualTo("data-orders-1");
        assertThat(pod.getVolumes().get(1).getEmptyDir()).isNotNull();
    }

    @Test
    void fetchDownloadsAndChecksTheSnapshotWithTheToolsImage() {
        Container fetch = pod().getInitContainers().get(0);

        assertThat(fetch.getName()).isEqualTo("fetch");
        assertThat(fetch.getImage()).isEqualTo("busybox:1.36");
        assertThat(fetch.getCommand()).startsWith("sh", "-c");
        assertThat(fetch.getCommand().get(2)).contains("wget -q -O", "sha256sum -c -", "rm -rf \"$STAGED_DIR\"");
        assertThat(env(fetch)).containsEntry("SNAPSHOT_URL", plan.snapshotUrl()).containsEntry("SNAPSHOT_SHA256", "ab12")
                .containsEntry("STAGED_DIR", "/var/lib/etcd/data.restoring");
        assertThat(mounts(fetch)).containsEntry("data", "/var/lib/etcd").containsEntry("snapshot", "/snapshot");
    }

    @Test
    void restoreUsesTheEtcdImagesToolIntoAStagedDirWithTheRestorePlan() {
        Container restore = pod().getInitContainers().get(1);

        assertThat(restore.getName()).isEqualTo("restore");
        assertThat(restore.getImage()).isEqualTo("gcr.io/etcd-development/etcd:v3.5.21");
        assertThat(restore.getCommand()).containsExactly("/usr/local/bin/etcdutl", "snapshot", "restore", "/snapshot/snapshot.db",
                "--name=orders-1", "--data-dir=/var/lib/etcd/data.restoring",
                "--initial-cluster=" + restored.initialClusterFlag(),
                "--initial-advertise-peer-urls=http://orders-1.orders.shop.svc:2380",
                "--initial-cluster-token=orders-restore-1a2b3c4d",
                "--bump-revision=1000000000", "--mark-compacted");
    }

    @Test
    void etcd34RestoresWithEtcdctlAndNoRevisionBump() {
        Job job = EtcdRestoreJobs.job(DesiredFixtures.withVersion(spec, "3.4.23"), plan, RuntimeSettings.DEFAULT);
        List<String> command = job.getSpec().getTemplate().getSpec().getInitContainers().get(1).getCommand();

        assertThat(command.get(0)).isEqualTo("/usr/local/bin/etcdctl");
        assertThat(command).noneMatch(part -> part.startsWith("--bump-revision"));
        assertThat(EtcdRestoreJobs.bumpsRevision("3.5.9")).isFalse();
        assertThat(EtcdRestoreJobs.bumpsRevision("3.5.10")).isTrue();
    }

    @Test
    void swapPutsTheStagedDirInPlaceOfTheOldOne() {
        Container swap = pod().getContainers().get(0);

        assertThat(pod().getContainers()).hasSize(1);
        assertThat(swap.getName()).isEqualTo("swap");
        assertThat(swap.getCommand().get(2)).contains("rm -rf \"$DATA_DIR\"", "mv \"$STAGED_DIR\" \"$DATA_DIR\"");
        assertThat(env(swap)).containsEntry("DATA_DIR", "/var/lib/etcd/data");
    }

    @Test
    void swapRefusesAStagedDirTheRestoreToolLeftEmptyAndKeepsTheOldData(@TempDir Path dir) throws Exception {
        String script = pod().getContainers().get(0).getCommand().get(2);
        Path data = Files.createDirectories(dir.resolve("data/member"));
        Path staged = Files.createDirectories(dir.resolve("staged"));

        assertThat(runSwap(script, staged, data.getParent())).as("3.6's etcdctl snapshot restore: exit 0, nothing laid down").isEqualTo(1);
        assertThat(data).isDirectory();

        Files.createDirectories(staged.resolve("member/snap"));
        assertThat(runSwap(script, staged, data.getParent())).isZero();
        assertThat(data.resolve("snap")).isDirectory();
        assertThat(staged).doesNotExist();
    }

    private static int runSwap(String script, Path staged, Path dataDir) throws Exception {
        ProcessBuilder sh = new ProcessBuilder("/bin/sh", "-c", script).redirectErrorStream(true);
        sh.environment().put("STAGED_DIR", staged.toString());
        sh.environment().put("DATA_DIR", dataDir.toString());
        Process process = sh.start();
        process.getInputStream().readAllBytes();
        assertThat(process.waitFor(10, TimeUnit.SECONDS)).isTrue();
        return process.exitValue();
    }

    private PodSpec pod() {
        return EtcdRestoreJobs.job(spec, plan, RuntimeSettings.DEFAULT).getSpec().getTemplate().getSpec();
    }

    private static Map<String, String> env(Container container) {
        return container.getEnv().stream().collect(Collectors.toMap(EnvVar::getName, EnvVar::getValue));
    }

    private static Map<String, String> mounts(Container container) {
        return container.getVolumeMounts().stream().collect(Collectors.toMap(VolumeMount::getName, VolumeMount::getMountPath));
    }
}
