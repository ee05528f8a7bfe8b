package io.etcdpanel.runtime.kubernetes;

import java.util.List;

import io.etcdpanel.runtime.kubernetes.desired.EtcdLabels;

/** Says, for the cluster's events, which claims a deletion with keepVolumes=true left behind and what they are now. */
final class KeptClaims {

    private KeptClaims() {
    }

    static String describe(String namespace, List<String> claims) {
        if (claims.isEmpty()) {
            return "no claim of its members was left to keep";
        }
        return "the claims " + String.join(", ", claims) + " in namespace " + namespace + " were kept with their data and released"
                + " (label " + EtcdLabels.MANAGED_BY + " removed): the panel no longer lists or deletes them;"
                + " mount them elsewhere to recover the data, and delete them when done";
    }
}
