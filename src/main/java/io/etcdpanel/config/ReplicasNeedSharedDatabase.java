package io.etcdpanel.config;

/** More than one panel is configured on an embedded H2 catalogue, which only the panel that opened it can use safely. */
class ReplicasNeedSharedDatabase extends RuntimeException {

    ReplicasNeedSharedDatabase(int replicas, String url) {
        super("etcdpanel.replicas is " + replicas + " but the catalogue is an embedded H2 database (" + url + "): "
                + "panels on more than one host cannot share it");
    }
}
