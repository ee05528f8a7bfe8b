package io.etcdpanel.runtime.kubernetes;

import io.fabric8.kubernetes.client.KubernetesClient;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Makes the API server client and the applier, only when {@code etcdpanel.kubernetes.enabled=true}. */
@Configuration(proxyBeanMethods = false)
@ConditionalOnProperty(prefix = "etcdpanel.kubernetes", name = "enabled", havingValue = "true")
class KubernetesConfiguration {

    @Bean(destroyMethod = "close")
    KubernetesClient kubernetesClient(KubernetesProperties properties) {
        return KubernetesClients.fromEnvironment(properties);
    }

    @Bean
    KubernetesApplier kubernetesApplier(KubernetesClient kubernetesClient, KubernetesProperties properties) {
        return new KubernetesApplier(kubernetesClient, properties);
    }
}
