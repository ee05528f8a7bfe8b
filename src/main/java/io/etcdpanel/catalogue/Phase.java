package io.etcdpanel.catalogue;

/** Where a cluster stands, as the API and pages show it. */
public enum Phase {
    Pending, Creating, Running, Degraded, Scaling, Restoring, Failed, Deleting
}
