package io.etcdpanel.catalogue;

/** A change asked of a cluster whose deletion is under way. */
public class ClusterBeingDeleted extends RuntimeException {

    public ClusterBeingDeleted(String name) {
        super("cluster " + name + " is being deleted; it cannot be changed any more");
    }

    /** A second deletion asked the other way about its volumes than the one under way. */
    public ClusterBeingDeleted(String name, boolean keepingVolumes) {
        super("cluster " + name + " is already being deleted " + (keepingVolumes ? "keeping" : "with") + " its volumes"
                + " (keepVolumes=" + keepingVolumes + "); that deletion stands");
    }
}
