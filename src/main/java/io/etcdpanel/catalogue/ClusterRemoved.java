package io.etcdpanel.catalogue;

/** Published once a deleted cluster's members are gone and it has left the catalogue. */
public record ClusterRemoved(String cluster) {
}
