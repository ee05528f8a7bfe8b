package io.etcdpanel.restore;

/** No restore has this id. */
public class RestoreNotFound extends RuntimeException {

    public RestoreNotFound(String id) {
        super("no restore " + id + "; list a cluster's restores at /api/v1/clusters/{name}/restores");
    }
}
