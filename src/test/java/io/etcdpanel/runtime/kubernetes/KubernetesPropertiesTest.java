package io.etcdpanel.runtime.kubernetes;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import io.etcdpanel.runtime.kubernetes.KubernetesProperties.MemberAccess;
import io.fabric8.kubernetes.client.KubernetesClient;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Configuration;

class KubernetesPropertiesTest {

    private final ApplicationContextRunner context = new ApplicationContextRunner()
            .withUserConfiguration(PropertiesOnly.class, KubernetesConfiguration.class);

    @Test
    void defaultsLeaveKubernetesOff() {
        KubernetesProperties properties = bind(Map.of());

        assertThat(properties.enabled()).isFalse();
        assertThat(properties.imageRepository()).isEqualTo("gcr.io/etcd-development/etcd");
        assertThat(properties.memberAccess()).isEqualTo(MemberAccess.POD_IP);
        assertThat(properties.namespaces()).isEmpty();
        assertThat(properties.requestTimeout()).isEqualTo(Duration.ofSeconds(10));
        assertThat(properties.allowsNamespace("anything")).isTrue();
    }

    @Test
    void propertiesAreReadInTheirUsualSpelling() {
        KubernetesProperties properties = bind(Map.of(
                "etcdpanel.kubernetes.enabled", "true",
                "etcdpanel.kubernetes.image-repository", "registry.example/etcd",
                "etcdpanel.kubernetes.member-access", "port-forward",
                "etcdpanel.kubernetes.namespaces", "etcd,shop",
                "etcdpanel.kubernetes.request-timeout", "3s"));

        assertThat(properties.enabled()).isTrue();
        assertThat(properties.settings().imageRepository()).isEqualTo("registry.example/etcd");
        assertThat(properties.memberAccess()).isEqualTo(MemberAccess.PORT_FORWARD);
        assertThat(properties.namespaces()).containsExactly("etcd", "shop");
        assertThat(properties.allowsNamespace("shop")).isTrue();
        assertThat(properties.allowsNamespace("default")).isFalse();
        assertThat(properties.requestTimeout()).isEqualTo(Duration.ofSeconds(3));
        assertThat(bind(Map.of("etcdpanel.kubernetes.member-access", "pod-dns")).memberAccess()).isEqualTo(MemberAccess.POD_DNS);
    }

    @Test
    void panelWithoutTheFlagMakesNoClientAndNeedsNoKubeconfig() {
        context.run(started -> {
            assertThat(started).hasNotFailed();
            assertThat(started).doesNotHaveBean(KubernetesClient.class);
            assertThat(started).doesNotHaveBean(KubernetesApplier.class);
        });
    }

    @Test
    void panelWithTheFlagMakesAClientBoundByTheTimeoutAndTheApplier() {
        context.withPropertyValues("etcdpanel.kubernetes.enabled=true", "etcdpanel.kubernetes.request-timeout=3s")
                .run(started -> {
                    assertThat(started).hasSingleBean(KubernetesApplier.class);
                    KubernetesClient client = started.getBean(KubernetesClient.class);
                    assertThat(client.getConfiguration().getRequestTimeout()).isEqualTo(3000);
                    assertThat(client.getConfiguration().getConnectionTimeout()).isEqualTo(3000);
                    assertThat(client.getConfiguration().getRequestRetryBackoffLimit()).isZero();
                });
    }

    @Test
    void namespaceListIsCopied() {
        List<String> namespaces = new java.util.ArrayList<>(List.of("a"));
        KubernetesProperties properties = new KubernetesProperties(false, null, MemberAccess.POD_IP, namespaces, Duration.ofSeconds(1), List.of());
        namespaces.add("b");

        assertThat(properties.namespaces()).containsExactly("a");
        assertThat(properties.settings().imageRepository()).isEqualTo("gcr.io/etcd-development/etcd");
    }

    private static KubernetesProperties bind(Map<String, String> values) {
        return new Binder(new MapConfigurationPropertySource(values))
                .bindOrCreate("etcdpanel.kubernetes", KubernetesProperties.class);
    }

    @Configuration(proxyBeanMethods = false)
    @EnableConfigurationProperties(KubernetesProperties.class)
    static class PropertiesOnly {
    }
}
