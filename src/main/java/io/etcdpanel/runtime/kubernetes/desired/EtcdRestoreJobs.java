package io.etcdpanel.runtime.kubernetes.desired;

import io.etcdpanel.catalogue.EtcdVersion;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.etcdpanel.catalogue.ClusterSpec;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobBuilder;

/**
 * Builds the Job that lays one member's data down from a snapshot while the member's pod is gone: it mounts
 * the member's claim; {@value #FETCH} (tools image) downloads the snapshot from the panel and checks its
 * sha256, {@value #RESTORE} (the etcd image's own restore tool) writes a staged data dir beside the old one,
 * and {@value #SWAP} (tools image) puts it in place of the old one in one move. A Job that stops half-way
 * leaves the old data dir or the new one, and can be run again.
 */
public final class EtcdRestoreJobs {

    public static final String FETCH = "fetch";
    public static final String RESTORE = "restore";
    public static final String SWAP = "swap";
    static final String SNAPSHOT_VOLUME = "snapshot";
    static final String SNAPSHOT_MOUNT_PATH = "/snapshot";
    static final String SNAPSHOT_FILE = SNAPSHOT_MOUNT_PATH + "/snapshot.db";
    static final String STAGED_DIR = MemberConfigs.DATA_MOUNT_PATH + "/data.restoring";
    /** etcdutl takes {@code --bump-revision} from this release on. */
    private static final EtcdVersion BUMPS_REVISION = new EtcdVersion(3, 5, 10);

    private static final String FETCH_SCRIPT = """
            set -e
            wget -q -O "$SNAPSHOT_FILE" "$SNAPSHOT_URL"
            echo "$SNAPSHOT_SHA256  $SNAPSHOT_FILE" | sha256sum -c -
            rm -rf "$STAGED_DIR"
            """;
    /** A restore tool may exit 0 having laid nothing down (3.6's etcdctl): no data dir, no swap. */
    private static final String SWAP_SCRIPT = """
            set -e
            [ -d "$STAGED_DIR/member" ] || { echo "the restore laid down no data dir at $STAGED_DIR" >&2; exit 1; }
            rm -rf "$DATA_DIR"
            mv "$STAGED_DIR" "$DATA_DIR"
            """;

    private EtcdRestoreJobs() {
    }

    public static String name(String member) {
        return member + "-restore";
    }

    /** The labels of a restore Job and its pod: the cluster's and the panel's, but not the selector of the member pods. */
    public static Map<String, String> labels(ClusterSpec spec) {
        Map<String, String> labels = new LinkedHashMap<>();
        labels.put(EtcdLabels.NAME, "etcd-restore");
        labels.put(EtcdLabels.INSTANCE, spec.name());
        labels.put(EtcdLabels.MANAGED_BY, EtcdLabels.PANEL);
        return labels;
    }

    /** Whether the restore tool of this etcd version moves revisions on (and so the Job does, when asked). */
    public static boolean bumpsRevision(String version) {
        return EtcdVersion.parse(version).compareTo(BUMPS_REVISION) >= 0;
    }

    public static Job job(ClusterSpec spec, RestoreJobPlan plan, RuntimeSettings settings) {
        return new JobBuilder()
                .withNewMetadata()
                .withName(name(plan.member()))
                .withNamespace(EtcdObjects.namespace(spec))
                .withLabels(labels(spec))
                .endMetadata()
                .withNewSpec()
                // the panel runs it again, with a new link, rather than the Job retrying with a spent one
                .withBackoffLimit(0)
                .withActiveDeadlineSeconds(Math.max(1, plan.deadline().toSeconds()))
                .withNewTemplate()
                .withNewMetadata().withLabels(labels(spec)).endMetadata()
                .withNewSpec()
                .withRestartPolicy("Never")
                .withEnableServiceLinks(false)
                .withAutomountServiceAccountToken(false)
                .addToInitContainers(fetch(plan, settings), restore(spec, plan, settings))
                .addToContainers(swap(settings))
                .addNewVolume().withName(EtcdStatefulSets.DATA_VOLUME)
                .withNewPersistentVolumeClaim().withClaimName(EtcdStatefulSets.claimName(plan.member())).endPersistentVolumeClaim()
                .endVolume()
                .addNewVolume().withName(SNAPSHOT_VOLUME).withNewEmptyDir().endEmptyDir().endVolume()
                .endSpec()
                .endTemplate()
                .endSpec()
                .build();
    }

    private static Container fetch(RestoreJobPlan plan, RuntimeSettings settings) {
        return mounted(new ContainerBuilder()
                .withName(FETCH)
                .withImage(settings.toolsImage())
                .withCommand("sh", "-c", FETCH_SCRIPT)
                .addNewEnv().withName("SNAPSHOT_URL").withValue(plan.snapshotUrl()).endEnv()
                .addNewEnv().withName("SNAPSHOT_SHA256").withValue(plan.sha256()).endEnv()
                .addNewEnv().withName("SNAPSHOT_FILE").withValue(SNAPSHOT_FILE).endEnv()
                .addNewEnv().withName("STAGED_DIR").withValue(STAGED_DIR).endEnv());
    }

    private static Container restore(ClusterSpec spec, RestoreJobPlan plan, RuntimeSettings settings) {
        boolean bump = plan.bumpRevision() > 0 && bumpsRevision(spec.version());
        List<String> command = new ArrayList<>(List.of(
                EtcdVersion.parse(spec.version()).atLeast(3, 5, 0) ? "/usr/local/bin/etcdutl" : "/usr/local/bin/etcdctl",
                "snapshot", "restore", SNAPSHOT_FILE,
                "--name=" + plan.member(),
                "--data-dir=" + STAGED_DIR,
                "--initial-cluster=" + plan.join().initialClusterFlag(),
                "--initial-advertise-peer-urls=" + MemberAddresses.peerUrl(spec, plan.member()),
                "--initial-cluster-token=" + plan.join().token()));
        if (bump) {
            command.addAll(List.of("--bump-revision=" + plan.bumpRevision(), "--mark-compacted"));
        }
        return mounted(new ContainerBuilder()
                .withName(RESTORE)
                .withImage(EtcdStatefulSets.image(spec, settings))
                .withCommand(command)
                .addNewEnv().withName("ETCDCTL_API").withValue("3").endEnv());
    }

    private static Container swap(RuntimeSettings settings) {
        return mounted(new ContainerBuilder()
                .withName(SWAP)
                .withImage(settings.toolsImage())
                .withCommand("sh", "-c", SWAP_SCRIPT)
                .addNewEnv().withName("STAGED_DIR").withValue(STAGED_DIR).endEnv()
                .addNewEnv().withName("DATA_DIR").withValue(MemberConfigs.DATA_DIR).endEnv());
    }

    private static Container mounted(ContainerBuilder container) {
        return container
                .addNewVolumeMount().withName(EtcdStatefulSets.DATA_VOLUME).withMountPath(MemberConfigs.DATA_MOUNT_PATH).endVolumeMount()
                .addNewVolumeMount().withName(SNAPSHOT_VOLUME).withMountPath(SNAPSHOT_MOUNT_PATH).endVolumeMount()
                .build();
    }
}
