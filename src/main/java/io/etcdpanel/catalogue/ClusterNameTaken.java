package io.etcdpanel.catalogue;

/** A cluster of that name already exists. */
public class ClusterNameTaken extends RuntimeException {

    public ClusterNameTaken(String name) {
        super("a cluster named " + name + " already exists; pick another name or delete that cluster first");
    }
}
