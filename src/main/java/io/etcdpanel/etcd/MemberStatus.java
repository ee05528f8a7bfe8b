package io.etcdpanel.etcd;

import java.util.List;

/**
 * What one member said about itself when asked, or why it could not answer. All numeric fields
 * are zero and {@code error} is set when the member did not answer in time.
 */
public record MemberStatus(
        String endpoint,
        String id,
        String leaderId,
        String version,
        long dbSizeBytes,
        long dbSizeInUseBytes,
        long raftTerm,
        long raftIndex,
        long raftAppliedIndex,
        boolean learner,
        List<String> errors,
        String error) {

    public static MemberStatus unreachable(String endpoint, String error) {
        return new MemberStatus(endpoint, null, null, null, 0, 0, 0, 0, 0, false, List.of(), error);
    }

    public boolean answered() {
        return error == null;
    }

    public boolean isLeader() {
        return answered() && id != null && id.equals(leaderId);
    }

    public boolean hasLeader() {
        return answered() && leaderId != null && !"0".equals(leaderId);
    }
}
