package io.etcdpanel.runtime.kubernetes.desired;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;

import io.etcdpanel.catalogue.ClusterSpec;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import org.junit.jupiter.api.Test;

/** What holds for every object of a cluster, whichever function builds it. */
class DesiredObjectsTest {

    private final ClusterSpec spec = DesiredFixtures.orders();

    @Test
    void everyObjectCarriesTheLabelsAndTheSpecsNamespace() {
        List<HasMetadata> objects = List.of(
                EtcdServices.headless(spec),
                EtcdServices.client(spec),
                EtcdStatefulSets.statefulSet(spec, 3, RuntimeSettings.DEFAULT),
                EtcdDisruptionBudgets.budget(spec, 3),
                MemberConfigs.configMap(spec, MemberRoster.of(Map.of("orders-0", DesiredFixtures.bootstrap(spec, 3)))));

        assertThat(objects).allSatisfy(object -> {
            assertThat(object.getMetadata().getLabels()).containsExactlyInAnyOrderEntriesOf(Map.of(
                    "app.kubernetes.io/name", "etcd",
                    "app.kubernetes.io/instance", "orders",
                    "app.kubernetes.io/managed-by", "etcd-panel"));
            assertThat(object.getMetadata().getNamespace()).isEqualTo("shop");
            assertThat(EtcdLabels.isManaged(object.getMetadata())).isTrue();
            // server-side apply takes a whole intent: nothing the server owns may be in it
            assertThat(object.getMetadata().getResourceVersion()).isNull();
            assertThat(object.getMetadata().getManagedFields()).isEmpty();
            assertThat(object.getApiVersion()).isNotBlank();
            assertThat(object.getKind()).isNotBlank();
        });
    }

    @Test
    void builtTwiceTheObjectsAreEqual() {
        assertThat(EtcdStatefulSets.statefulSet(spec, 3, RuntimeSettings.DEFAULT))
                .isEqualTo(EtcdStatefulSets.statefulSet(spec, 3, RuntimeSettings.DEFAULT));
        assertThat(EtcdServices.headless(spec)).isEqualTo(EtcdServices.headless(spec));
    }

    @Test
    void objectWithoutThePanelsLabelIsNotManaged() {
        assertThat(EtcdLabels.isManaged(null)).isFalse();
        assertThat(EtcdLabels.isManaged(new ObjectMetaBuilder().withName("x").build())).isFalse();
        assertThat(EtcdLabels.isManaged(new ObjectMetaBuilder().withName("x")
                .withLabels(Map.of("app.kubernetes.io/managed-by", "helm")).build())).isFalse();
    }
}
