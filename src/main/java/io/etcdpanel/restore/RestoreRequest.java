package io.etcdpanel.restore;

import io.swagger.v3.oas.annotations.media.Schema;
/** What a user asks for: which snapshot, in place or into a new cluster named {@code targetName}. */
public record RestoreRequest(
        @Schema(requiredMode = Schema.RequiredMode.REQUIRED, description = "a succeeded snapshot of this cluster")
        String snapshotId,
        @Schema(requiredMode = Schema.RequiredMode.REQUIRED, allowableValues = {IN_PLACE, NEW_CLUSTER},
                description = "in-place replaces this cluster's data; new-cluster creates targetName from the snapshot")
        String mode,
        @Schema(description = "the new cluster's name (new-cluster only)", pattern = "^[a-z0-9]([-a-z0-9]*[a-z0-9])?$", maxLength = 40)
        String targetName) {

    public static final String IN_PLACE = "in-place";
    public static final String NEW_CLUSTER = "new-cluster";

    boolean inPlace() {
        return IN_PLACE.equals(mode);
    }
}
