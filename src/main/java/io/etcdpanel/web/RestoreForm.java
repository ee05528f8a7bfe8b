package io.etcdpanel.web;

import io.etcdpanel.restore.RestoreRequest;

/**
 * What the restore confirmation holds between a submit and its re-render: the snapshot, the mode, the names as typed, and
 * whether a started new-cluster restore opens the new cluster's page (when started away from the source cluster's page).
 */
class RestoreForm {

    private String snapshotId;
    private String mode = RestoreRequest.IN_PLACE;
    private String targetName;
    private String confirmName;
    private boolean openTarget;

    /** A blank target name is no target name, so an in-place restore is not refused for an empty box. */
    RestoreRequest toRequest() {
        return new RestoreRequest(snapshotId, mode, targetName == null || targetName.isBlank() ? null : targetName);
    }

    boolean confirms(String cluster) {
        return cluster.equals(confirmName);
    }

    public String getSnapshotId() {
        return snapshotId;
    }

    public void setSnapshotId(String snapshotId) {
        this.snapshotId = snapshotId;
    }

    public String getMode() {
        return mode;
    }

    public void setMode(String mode) {
        this.mode = mode;
    }

    public String getTargetName() {
        return targetName;
    }

    public void setTargetName(String targetName) {
        this.targetName = targetName == null ? null : targetName.strip();
    }

    public String getConfirmName() {
        return confirmName;
    }

    public void setConfirmName(String confirmName) {
        this.confirmName = confirmName == null ? null : confirmName.strip();
    }

    public boolean isOpenTarget() {
        return openTarget;
    }

    public void setOpenTarget(boolean openTarget) {
        this.openTarget = openTarget;
    }
}
