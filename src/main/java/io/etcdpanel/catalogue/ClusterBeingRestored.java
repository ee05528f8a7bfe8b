package io.etcdpanel.catalogue;

/** The cluster is held by a restore; it cannot be changed, backed up or restored again until that ends. */
public class ClusterBeingRestored extends RuntimeException {

    public ClusterBeingRestored(String name) {
        super("cluster " + name + " is being restored; wait for the restore to finish (its steps are on the cluster's page) and try again");
    }
}
