package io.etcdpanel.runtime.kubernetes.desired;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import io.etcdpanel.runtime.JoinPlan;
import io.etcdpanel.runtime.MemberNames;

/**
 * What the panel keeps about a cluster's members on Kubernetes: each started member's join plan, the uid of
 * the volume claim it was started on (a claim with another uid is a new, empty volume: the member's data is
 * gone), and the members held stopped (for a restore). The StatefulSet runs ordinals from 0 up, so holding a
 * member stopped stops every member from its ordinal up.
 */
public record MemberRoster(Map<String, JoinPlan> plans, Map<String, String> volumes, Set<String> stopped) {

    public static final MemberRoster EMPTY = new MemberRoster(Map.of(), Map.of(), Set.of());

    public MemberRoster {
        plans = Map.copyOf(plans);
        volumes = Map.copyOf(volumes);
        stopped = Set.copyOf(stopped);
    }

    /** Started members with these plans, their volumes not known. */
    public static MemberRoster of(Map<String, JoinPlan> plans) {
        return new MemberRoster(plans, Map.of(), Set.of());
    }

    public MemberRoster started(String member, JoinPlan plan, String volumeUid) {
        Map<String, JoinPlan> newPlans = new LinkedHashMap<>(plans);
        newPlans.put(member, plan);
        Map<String, String> newVolumes = new LinkedHashMap<>(volumes);
        if (volumeUid == null) {
            newVolumes.remove(member);
        } else {
            newVolumes.put(member, volumeUid);
        }
        return new MemberRoster(newPlans, newVolumes, stopped);
    }

    /** The member with the plan it starts with next, on the volume it had. */
    public MemberRoster replanned(String member, JoinPlan plan) {
        return started(member, plan, volumes.get(member));
    }

    public MemberRoster without(String member) {
        Map<String, JoinPlan> newPlans = new LinkedHashMap<>(plans);
        newPlans.remove(member);
        Map<String, String> newVolumes = new LinkedHashMap<>(volumes);
        newVolumes.remove(member);
        Set<String> newStopped = new TreeSet<>(stopped);
        newStopped.remove(member);
        return new MemberRoster(newPlans, newVolumes, newStopped);
    }

    public MemberRoster holdingStopped(String member) {
        Set<String> newStopped = new TreeSet<>(stopped);
        newStopped.add(member);
        return new MemberRoster(plans, volumes, newStopped);
    }

    public MemberRoster released(String member) {
        Set<String> newStopped = new TreeSet<>(stopped);
        newStopped.remove(member);
        return new MemberRoster(plans, volumes, newStopped);
    }

    /** Whether the member runs on the claim it was started on; true when that is not known. */
    public boolean onItsVolume(String member, String claimUid) {
        String recorded = volumes.get(member);
        return recorded == null || recorded.equals(claimUid);
    }

    /** The StatefulSet's replicas: up to the highest started ordinal, or below the lowest one held stopped. */
    public int replicas(String cluster) {
        int highest = plans.keySet().stream().mapToInt(member -> MemberNames.ordinal(cluster, member) + 1).max().orElse(0);
        int lowestStopped = stopped.stream().mapToInt(member -> MemberNames.ordinal(cluster, member)).filter(ordinal -> ordinal >= 0)
                .min().orElse(highest);
        return Math.min(highest, lowestStopped);
    }
}
