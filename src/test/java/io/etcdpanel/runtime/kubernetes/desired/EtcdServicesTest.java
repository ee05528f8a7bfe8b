package io.etcdpanel.runtime.kubernetes.desired;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;

import io.etcdpanel.catalogue.ClusterSpec;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServicePort;
import org.junit.jupiter.api.Test;

class EtcdServicesTest {

    private static final Map<String, String> LABELS = Map.of(
            "app.kubernetes.io/name", "etcd", "app.kubernetes.io/instance", "orders", "app.kubernetes.io/managed-by", "etcd-panel");
    private static final Map<String, String> SELECTOR = Map.of(
            "app.kubernetes.io/name", "etcd", "app.kubernetes.io/instance", "orders");

    private final ClusterSpec spec = DesiredFixtures.orders();

    @Test
    void headlessServiceNamesEveryPodBeforeItIsReady() {
        Service service = EtcdServices.headless(spec);

        assertThat(service.getApiVersion()).isEqualTo("v1");
        assertThat(service.getKind()).isEqualTo("Service");
        assertThat(service.getMetadata().getName()).isEqualTo("orders");
        assertThat(service.getMetadata().getNamespace()).isEqualTo("shop");
        assertThat(service.getMetadata().getLabels()).isEqualTo(LABELS);
        assertThat(service.getSpec().getClusterIP()).isEqualTo("None");
        assertThat(service.getSpec().getPublishNotReadyAddresses()).isTrue();
        assertThat(service.getSpec().getSelector()).isEqualTo(SELECTOR);
        assertThat(service.getSpec().getPorts()).extracting(ServicePort::getName, ServicePort::getPort)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("client", 2379), org.assertj.core.groups.Tuple.tuple("peer", 2380));
        assertThat(service.getSpec().getType()).isNull();
    }

    @Test
    void clientServiceOffersTheClientPortOfReadyPods() {
        Service service = EtcdServices.client(spec);

        assertThat(service.getMetadata().getName()).isEqualTo("orders-client");
        assertThat(service.getMetadata().getNamespace()).isEqualTo("shop");
        assertThat(service.getMetadata().getLabels()).isEqualTo(LABELS);
        assertThat(service.getSpec().getClusterIP()).isNull();
        assertThat(service.getSpec().getPublishNotReadyAddresses()).isNull();
        assertThat(service.getSpec().getSelector()).isEqualTo(SELECTOR);
        assertThat(service.getSpec().getPorts()).singleElement().satisfies(port -> {
            assertThat(port.getName()).isEqualTo("client");
            assertThat(port.getPort()).isEqualTo(2379);
        });
    }

    @Test
    void specWithoutNamespaceLandsInDefault() {
        ClusterSpec noNamespace = new ClusterSpec("orders", 1, "3.5.21", "kubernetes", null, null, null, 0);

        assertThat(EtcdServices.headless(noNamespace).getMetadata().getNamespace()).isEqualTo("default");
        assertThat(MemberAddresses.host(noNamespace, "orders-0")).isEqualTo("orders-0.orders.default.svc");
    }

    @Test
    void memberAddressesAreItsPodDnsName() {
        assertThat(MemberAddresses.host(spec, "orders-2")).isEqualTo("orders-2.orders.shop.svc");
        assertThat(MemberAddresses.clientUrl(spec, "orders-2")).isEqualTo("http://orders-2.orders.shop.svc:2379");
        assertThat(MemberAddresses.peerUrl(spec, "orders-2")).isEqualTo("http://orders-2.orders.shop.svc:2380");
    }
}
