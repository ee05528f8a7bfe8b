package io.etcdpanel.catalogue;

/** Published when a cluster's spec changed or its deletion was asked for, so it is reconciled at once. */
public record ClusterSpecChanged(String cluster) {
}
