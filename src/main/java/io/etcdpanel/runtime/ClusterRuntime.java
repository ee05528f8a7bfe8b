package io.etcdpanel.runtime;

import java.io.IOException;
import java.util.List;
import java.util.Optional;

import io.etcdpanel.catalogue.ClusterSpec;
import io.etcdpanel.catalogue.RuntimeOffer;

/**
 * Where members live. The only runtime-specific acts: give a member its addresses, start and stop
 * it, lay a snapshot into its data dir, delete it with its data, tell what runs. Membership itself is changed through etcd, elsewhere.
 */
public interface ClusterRuntime {

    String name();

    RuntimeOffer describe();

    /** The members this runtime holds for the cluster, running or not. */
    List<MemberInstance> instances(ClusterSpec cluster);

    /** Gives the member its addresses and keeps them; returns the existing ones when it has them. */
    MemberInstance allocate(ClusterSpec cluster, String memberName);

    /** Starts a member for the first time with how it joins; the plan is kept for restarts. */
    void start(ClusterSpec cluster, String memberName, JoinPlan plan);

    /**
     * Puts back what the runtime keeps for the cluster where someone changed or deleted it; a pass ends with it.
     * Returns what has not settled yet (a controller of the runtime still carrying out the last change), if anything.
     */
    Optional<String> converge(ClusterSpec cluster);

    /** Starts a member again with the plan it was first started with. */
    void restart(ClusterSpec cluster, String memberName);

    /**
     * Stops the member and starts it again with its data, addresses and join plan on etcd {@code version} and the spec's
     * current settings; returns once it was started, not once it is healthy. A rolling change calls it member by member.
     */
    void restartOn(ClusterSpec cluster, String memberName, String version);

    /** Stops the member and keeps its data, addresses and join plan. */
    void stop(ClusterSpec cluster, String memberName);

    /**
     * Replaces a stopped member's data with the snapshot's, laid down for the plan's cluster, and keeps
     * the plan for its next start; returns whether revisions were bumped.
     */
    boolean restoreData(ClusterSpec cluster, String memberName, RestorePlan plan) throws IOException;

    /** Why this runtime cannot restore the cluster, when it cannot; a restore is refused before anything changes. */
    default Optional<String> restoreRefusal(ClusterSpec cluster) {
        return Optional.empty();
    }

    /**
     * Why the members' volumes cannot grow to {@code size}, when the runtime can tell already; asked before a bigger
     * size is stored, which {@link #converge} then carries out. Local data dirs have no size: nothing to refuse.
     */
    default Optional<String> volumeGrowthRefusal(ClusterSpec cluster, String size) {
        return Optional.empty();
    }

    /** Stops the member and deletes its data and addresses. */
    void delete(ClusterSpec cluster, String memberName);

    /**
     * Stops every member of the cluster and deletes everything the runtime holds for it; with {@code keepVolumes}
     * the members' data is kept instead, out of the panel's hands. Returns what was kept and where, as a sentence
     * for the cluster's events; null when nothing was to be kept. Can run again after a crash part-way.
     */
    String deleteAll(ClusterSpec cluster, boolean keepVolumes);

    /** The last lines the member wrote to its log, oldest first. */
    List<String> logTail(ClusterSpec cluster, String memberName, int lines);
}
