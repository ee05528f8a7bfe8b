package io.etcdpanel.catalogue;

/** A change asked of a cluster whose deletion is under way. */
public class ClusterBeingDeleted extends RuntimeException {

    public ClusterBeingDeleted(String name) {
        super("cluster " + name + " is being deleted; it cannot be changed any more");
    }
}
