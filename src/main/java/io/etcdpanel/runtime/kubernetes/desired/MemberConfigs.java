package io.etcdpanel.runtime.kubernetes.desired;

import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.Map;

import io.etcdpanel.catalogue.ClusterSpec;
import io.etcdpanel.runtime.JoinPlan;
import io.etcdpanel.runtime.MemberNames;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;

/**
 * Builds what carries membership to the pods: each started member's configuration file, and the
 * ConfigMap {@code <name>-members} that holds one {@code <pod>.yaml} per member.
 */
public final class MemberConfigs {

    /** Where the ConfigMap is mounted in the pod. */
    public static final String MOUNT_PATH = "/etc/etcd-panel";
    /** Where the claim {@code data} is mounted; etcd's data dir is a folder in it (a volume's root may hold lost+found). */
    public static final String DATA_MOUNT_PATH = "/var/lib/etcd";
    public static final String DATA_DIR = DATA_MOUNT_PATH + "/data";
    public static final String AUTO_COMPACTION_MODE = "periodic";
    public static final String AUTO_COMPACTION_RETENTION = "1h";

    private MemberConfigs() {
    }

    public static String name(ClusterSpec spec) {
        return spec.name() + "-members";
    }

    /** The ConfigMap key, and the file name in the pod, of a member's configuration. */
    public static String fileName(String member) {
        return member + ".yaml";
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

    /** The join plan of every member in the ConfigMap, as {@link #configMap} wrote it; none when there is no ConfigMap. */
    public static Map<String, JoinPlan> plans(ConfigMap configMap) {
        Map<String, JoinPlan> plans = new LinkedHashMap<>();
        if (configMap == null || configMap.getData() == null) {
            return plans;
        }
        configMap.getData().forEach((key, yaml) -> {
            if (key.endsWith(".yaml")) {
                Map<String, String> values = MemberConfig.read(yaml);
                Map<String, String> initialCluster = new LinkedHashMap<>();
                for (String pair : values.getOrDefault("initial-cluster", "").split(",")) {
                    int equals = pair.indexOf('=');
                    if (equals > 0) {
                        initialCluster.put(pair.substring(0, equals), pair.substring(equals + 1));
                    }
                }
                plans.put(key.substring(0, key.length() - ".yaml".length()), new JoinPlan(initialCluster,
                        "new".equals(values.get("initial-cluster-state")), values.get("initial-cluster-token")));
            }
        });
        return plans;
    }

    /** {@code <name>-members}: one key per member the panel has started, in ordinal order. */
    public static ConfigMap configMap(ClusterSpec spec, Map<String, JoinPlan> plans) {
        Map<String, String> data = new LinkedHashMap<>();
        plans.entrySet().stream()
                .sorted(Comparator.comparing((Map.Entry<String, JoinPlan> entry) -> MemberNames.ordinal(spec.name(), entry.getKey()))
                        .thenComparing(Map.Entry::getKey))
                .forEach(entry -> data.put(fileName(entry.getKey()), forPod(spec, entry.getKey(), entry.getValue()).toYaml()));
        return new ConfigMapBuilder()
                .withMetadata(EtcdObjects.metadata(spec, name(spec)))
                .withData(data)
                .build();
    }
}
