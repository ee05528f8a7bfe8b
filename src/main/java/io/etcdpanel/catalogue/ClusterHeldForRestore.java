package io.etcdpanel.catalogue;

/** A restore holds the cluster from now on; whoever acts on its members must stand back. */
public record ClusterHeldForRestore(String cluster) {
}
