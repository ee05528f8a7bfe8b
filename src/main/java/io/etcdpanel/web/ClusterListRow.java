package io.etcdpanel.web;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import io.etcdpanel.backup.SnapshotStatus;
import io.etcdpanel.backup.SnapshotView;
import io.etcdpanel.catalogue.ClusterView;
import io.etcdpanel.catalogue.Phase;

/**
 * One cluster as the list shows it: its newest good snapshot, and what about it needs a look (a phase that is not
 * serving, a condition that does not hold). A cluster being created, scaled or restored needs none unless its
 * reconcile fails.
 */
record ClusterListRow(ClusterView cluster, SnapshotView lastBackup, List<String> attention) {

    private static final List<Phase> NEEDS_A_LOOK = List.of(Phase.Degraded, Phase.Failed);
    /** While these run, conditions are false on the way; only an error says something is stuck. */
    private static final List<Phase> IN_PROGRESS = List.of(Phase.Pending, Phase.Creating, Phase.Scaling, Phase.Restoring,
            Phase.Deleting);
    private static final String ERROR = "Error";

    static ClusterListRow of(ClusterView cluster, List<SnapshotView> newestFirst) {
        Optional<SnapshotView> lastGood = newestFirst.stream().filter(snapshot -> snapshot.status() == SnapshotStatus.Succeeded)
                .findFirst();
        List<String> attention = new ArrayList<>();
        if (NEEDS_A_LOOK.contains(cluster.status().phase())) {
            attention.add(cluster.status().phase() + (cluster.status().message() == null ? "" : ": " + cluster.status().message()));
        }
        boolean underWay = IN_PROGRESS.contains(cluster.status().phase());
        cluster.status().conditions().stream()
                .filter(condition -> "False".equals(condition.status()) && (!underWay || ERROR.equals(condition.reason())))
                .forEach(condition -> attention.add(condition.type() + " false"
                        + (condition.message() == null ? "" : ": " + condition.message())));
        return new ClusterListRow(cluster, lastGood.orElse(null), List.copyOf(attention));
    }

    public boolean needsAttention() {
        return !attention.isEmpty();
    }
}
