package io.etcdpanel.health;

import java.util.List;

/** One member as etcd reports it, with whether it answered and why not: a row of the members table. */
public record MemberHealth(
        String id,
        String name,
        List<String> clientUrls,
        List<String> peerUrls,
        boolean leader,
        boolean learner,
        boolean healthy,
        String version,
        long dbSizeBytes,
        long dbSizeInUseBytes,
        long raftTerm,
        long raftIndex,
        long raftAppliedIndex,
        List<String> alarms,
        String error) {
}
