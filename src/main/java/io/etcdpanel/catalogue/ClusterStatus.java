package io.etcdpanel.catalogue;

import java.util.List;

/** What the panel last saw of a cluster and concluded about it. */
public record ClusterStatus(
        Phase phase,
        long observedGeneration,
        int readyMembers,
        int members,
        String leaderId,
        String leaderName,
        String message,
        long dbSizeBytes,
        List<Condition> conditions) {

    public static ClusterStatus pending() {
        return new ClusterStatus(Phase.Pending, 0, 0, 0, null, null, "waiting for the first reconcile pass", 0, List.of());
    }
}
