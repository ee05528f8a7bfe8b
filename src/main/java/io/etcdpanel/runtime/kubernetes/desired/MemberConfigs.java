package io.etcdpanel.runtime.kubernetes.desired;

import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import io.etcdpanel.catalogue.ClusterSpec;
import io.etcdpanel.runtime.JoinPlan;
import io.etcdpanel.runtime.MemberNames;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;

/**
 * Builds what carries membership to the pods: each started member's configuration file, and the
 * ConfigMap {@code <name>-members} that holds one {@code <pod>.yaml} per member and the rest of the
 * {@link MemberRoster}.
 */
public final class MemberConfigs {

    /** Where the ConfigMap is mounted in the pod. */
    public static final String MOUNT_PATH = "/etc/etcd-panel";
    /** Where the claim {@code data} is mounted; etcd's data dir is a folder in it (a volume's root may hold lost+found). */
    public static final String DATA_MOUNT_PATH = "/var/lib/etcd";
    public static final String DATA_DIR = DATA_MOUNT_PATH + "/data";
    public static final String AUTO_COMPACTION_MODE = "periodic";
    public static final String AUTO_COMPACTION_RETENTION = "1h";
    static final String CONFIG_SUFFIX = ".yaml";
    static final String VOLUME_SUFFIX = ".volume";
    static final String STOPPED_KEY = "stopped";

    private MemberConfigs() {
    }

    public static String name(ClusterSpec spec) {
        return spec.name() + "-members";
    }

    /** The ConfigMap key, and the file name in the pod, of a member's configuration. */
    public static String fileName(String member) {
        return member + CONFIG_SUFFIX;
    }

    /** A member's configuration in its pod: listening on all addresses, advertising its pod DNS name. */
    public static MemberConfig forPod(ClusterSpec spec, String member, JoinPlan plan) {
        String clientUrl = MemberAddresses.clientUrl(spec, member);
        String peerUrl = MemberAddresses.peerUrl(spec, member);
        return new MemberConfig(
                member,
                DATA_DIR,
                "http://0.0.0.0:" + MemberAddresses.CLIENT_PORT,
                clientUrl,
                "http://0.0.0.0:" + MemberAddresses.PEER_PORT,
                peerUrl,
                plan.initialClusterFlag(),
                plan.stateFlag(),
                plan.token(),
                spec.quotaBackendBytes() > 0 ? spec.quotaBackendBytes() : ClusterSpec.DEFAULT_QUOTA_BACKEND_BYTES,
                AUTO_COMPACTION_MODE,
                AUTO_COMPACTION_RETENTION);
    }

    /** What the ConfigMap says of the members, as {@link #configMap} wrote it; nothing when there is no ConfigMap. */
    public static MemberRoster roster(ConfigMap configMap) {
        if (configMap == null || configMap.getData() == null) {
            return MemberRoster.EMPTY;
        }
        Map<String, JoinPlan> plans = new LinkedHashMap<>();
        Map<String, String> volumes = new LinkedHashMap<>();
        configMap.getData().forEach((key, value) -> {
            if (key.endsWith(CONFIG_SUFFIX)) {
                plans.put(key.substring(0, key.length() - CONFIG_SUFFIX.length()), plan(value));
            } else if (key.endsWith(VOLUME_SUFFIX)) {
                volumes.put(key.substring(0, key.length() - VOLUME_SUFFIX.length()), value);
            }
        });
        String stopped = configMap.getData().getOrDefault(STOPPED_KEY, "");
        return new MemberRoster(plans, volumes, stopped.isBlank() ? Set.of() : Set.of(stopped.split(",")));
    }

    private static JoinPlan plan(String yaml) {
        Map<String, String> values = MemberConfig.read(yaml);
        Map<String, String> initialCluster = new LinkedHashMap<>();
        for (String pair : values.getOrDefault("initial-cluster", "").split(",")) {
            int equals = pair.indexOf('=');
            if (equals > 0) {
                initialCluster.put(pair.substring(0, equals), pair.substring(equals + 1));
            }
        }
        return new JoinPlan(initialCluster, "new".equals(values.get("initial-cluster-state")), values.get("initial-cluster-token"));
    }

    /**
     * {@code <name>-members}: per started member, in ordinal order, its file {@code <pod>.yaml} and the uid of
     * the claim it started on ({@code <pod>.volume}); and {@code stopped}, the members held stopped.
     */
    public static ConfigMap configMap(ClusterSpec spec, MemberRoster roster) {
        Map<String, String> data = new LinkedHashMap<>();
        roster.plans().entrySet().stream()
                .sorted(Comparator.comparing((Map.Entry<String, JoinPlan> entry) -> MemberNames.ordinal(spec.name(), entry.getKey()))
                        .thenComparing(Map.Entry::getKey))
                .forEach(entry -> {
                    data.put(fileName(entry.getKey()), forPod(spec, entry.getKey(), entry.getValue()).toYaml());
                    String volume = roster.volumes().get(entry.getKey());
                    if (volume != null) {
                        data.put(entry.getKey() + VOLUME_SUFFIX, volume);
                    }
                });
        if (!roster.stopped().isEmpty()) {
            data.put(STOPPED_KEY, String.join(",", new TreeSet<>(roster.stopped())));
        }
        return new ConfigMapBuilder()
                .withMetadata(EtcdObjects.metadata(spec, name(spec)))
                .withData(data)
                .build();
    }
}
