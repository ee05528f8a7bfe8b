package io.etcdpanel.restore;

/** What a cluster holds now, for "what a restore loses"; revision and keys are -1 when no leader said. */
public record LiveKeyspace(boolean hasLeader, long revision, long keys) {

    static final LiveKeyspace NO_LEADER = new LiveKeyspace(false, -1, -1);

    public boolean counted() {
        return revision >= 0;
    }
}
