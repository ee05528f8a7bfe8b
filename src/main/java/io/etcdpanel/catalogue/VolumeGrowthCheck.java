package io.etcdpanel.catalogue;

import java.util.Optional;

/** Asked before a bigger {@code storage.size} is stored: whether the cluster's runtime can grow its members' volumes to it. */
public interface VolumeGrowthCheck {

    /** Why the cluster's volumes cannot grow to {@code size}, when the runtime can tell already that they cannot. */
    Optional<String> refusal(ClusterSpec cluster, String size);
}
