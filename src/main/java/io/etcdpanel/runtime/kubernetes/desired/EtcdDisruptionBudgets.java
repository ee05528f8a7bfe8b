package io.etcdpanel.runtime.kubernetes.desired;

import io.etcdpanel.catalogue.ClusterSpec;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudgetBuilder;

/** Builds a cluster's PodDisruptionBudget: at most one member evicted at a time, and none for a single member. */
public final class EtcdDisruptionBudgets {

    private EtcdDisruptionBudgets() {
    }

    public static String name(ClusterSpec spec) {
        return spec.name();
    }

    /**
     * {@code maxUnavailable: 1} over the cluster's pods when more than one member runs; null (no budget,
     * delete any) for one member, whose budget would block every node drain for ever.
     */
    public static PodDisruptionBudget budget(ClusterSpec spec, int replicas) {
        if (replicas <= 1) {
            return null;
        }
        return new PodDisruptionBudgetBuilder()
                .withMetadata(EtcdObjects.metadata(spec, name(spec)))
                .withNewSpec()
                .withMaxUnavailable(new IntOrString(1))
                .withNewSelector().withMatchLabels(EtcdLabels.selector(spec)).endSelector()
                .endSpec()
                .build();
    }
}
