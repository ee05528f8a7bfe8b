package io.etcdpanel.restore;

/** What a user asks for: which snapshot, in place or into a new cluster named {@code targetName}. */
public record RestoreRequest(String snapshotId, String mode, String targetName) {

    public static final String IN_PLACE = "in-place";
    public static final String NEW_CLUSTER = "new-cluster";

    boolean inPlace() {
        return IN_PLACE.equals(mode);
    }
}
