package io.etcdpanel.runtime.kubernetes;

import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;

/**
 * Builds the panel's fabric8 client from a configuration (fabric8's usual resolution: in-cluster
 * service account, KUBECONFIG, ~/.kube/config) with the panel's bound on every call.
 */
public final class KubernetesClients {

    private KubernetesClients() {
    }

    /** fabric8's own resolution, as {@code kubectl} would find its cluster. */
    public static KubernetesClient fromEnvironment(KubernetesProperties properties) {
        return create(Config.autoConfigure(null), properties);
    }

    public static KubernetesClient create(Config base, KubernetesProperties properties) {
        int timeout = Math.toIntExact(properties.requestTimeout().toMillis());
        Config config = new ConfigBuilder(base)
                .withRequestTimeout(timeout)
                .withConnectionTimeout(timeout)
                // no retries inside a call: a call takes at most its timeout, and the next reconcile pass tries again
                .withRequestRetryBackoffLimit(0)
                .build();
        return new KubernetesClientBuilder().withConfig(config).build();
    }
}
