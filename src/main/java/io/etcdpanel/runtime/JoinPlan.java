package io.etcdpanel.runtime;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * How a member joins when it first starts: the initial cluster it is told about, whether it
 * bootstraps a new cluster or joins an existing one, and the cluster token.
 */
public record JoinPlan(Map<String, String> initialCluster, boolean newCluster, String token) {

    public JoinPlan {
        initialCluster = new LinkedHashMap<>(initialCluster);
    }

    /** The {@code --initial-cluster} value: name=peerUrl pairs. */
    public String initialClusterFlag() {
        return initialCluster.entrySet().stream()
                .map(entry -> entry.getKey() + "=" + entry.getValue())
                .collect(Collectors.joining(","));
    }

    public String stateFlag() {
        return newCluster ? "new" : "existing";
    }
}
