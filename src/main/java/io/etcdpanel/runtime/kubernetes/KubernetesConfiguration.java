package io.etcdpanel.runtime.kubernetes;

import io.fabric8.kubernetes.client.KubernetesClient;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Makes the API server client, the cache of what it holds, the applier and the port-forwards to members, only when
 * {@code etcdpanel.kubernetes.enabled=true}.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnProperty(prefix = "etcdpanel.kubernetes", name = "enabled", havingValue = "true")
class KubernetesConfiguration {

    @Bean(destroyMethod = "close")
    KubernetesClient kubernetesClient(KubernetesProperties properties) {
        return KubernetesClients.fromEnvironment(properties);
    }

    @Bean(initMethod = "start", destroyMethod = "close")
    KubernetesCache kubernetesCache(KubernetesClient kubernetesClient, KubernetesProperties properties) {
        return new KubernetesCache(kubernetesClient, properties.namespaces());
    }

    @Bean
    KubernetesApplier kubernetesApplier(KubernetesClient kubernetesClient, KubernetesCache kubernetesCache,
            KubernetesProperties properties) {
        return new KubernetesApplier(kubernetesClient, kubernetesCache, properties);
    }

    /** Opens nothing unless {@code member-access} is {@code port-forward}; closed before the client is. */
    @Bean(destroyMethod = "close")
    MemberForwards memberForwards(KubernetesClient kubernetesClient) {
        return new MemberForwards(kubernetesClient);
    }
}
