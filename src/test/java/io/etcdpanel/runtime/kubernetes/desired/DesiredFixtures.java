package io.etcdpanel.runtime.kubernetes.desired;

import java.util.LinkedHashMap;
import java.util.Map;

import io.etcdpanel.catalogue.ClusterSpec;
import io.etcdpanel.runtime.JoinPlan;

/** Specs and join plans the desired-object tests share. */
final class DesiredFixtures {

    static final long QUOTA = 4L * 1024 * 1024 * 1024;

    private DesiredFixtures() {
    }

    /** {@code orders}, 3 members of etcd 3.5.21 in namespace {@code shop}, 20Gi on {@code fast-ssd}, 1 CPU and 2Gi. */
    static ClusterSpec orders() {
        return new ClusterSpec("orders", 3, "3.5.21", "kubernetes", "shop",
                new ClusterSpec.Storage("20Gi", "fast-ssd"), new ClusterSpec.Resources("1", "2Gi"), QUOTA);
    }

    static ClusterSpec withVersion(ClusterSpec spec, String version) {
        return new ClusterSpec(spec.name(), spec.replicas(), version, spec.runtime(), spec.namespace(), spec.storage(),
                spec.resources(), spec.quotaBackendBytes());
    }

    /** A new cluster's plan: every member of {@code spec} bootstraps it together. */
    static JoinPlan bootstrap(ClusterSpec spec, int members) {
        Map<String, String> initial = new LinkedHashMap<>();
        for (int ordinal = 0; ordinal < members; ordinal++) {
            String member = spec.name() + "-" + ordinal;
            initial.put(member, MemberAddresses.peerUrl(spec, member));
        }
        return new JoinPlan(initial, true, spec.name() + "-3f9a1c2e");
    }
}
