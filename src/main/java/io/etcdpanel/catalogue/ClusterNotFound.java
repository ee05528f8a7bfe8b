package io.etcdpanel.catalogue;

/** No cluster of that name is in the catalogue. */
public class ClusterNotFound extends RuntimeException {

    public ClusterNotFound(String name) {
        super("no cluster named " + name);
    }
}
