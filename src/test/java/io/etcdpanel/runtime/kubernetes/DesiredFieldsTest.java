package io.etcdpanel.runtime.kubernetes;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;

import io.etcdpanel.catalogue.ClusterSpec;
import io.etcdpanel.runtime.kubernetes.desired.EtcdDisruptionBudgets;
import io.etcdpanel.runtime.kubernetes.desired.EtcdServices;
import io.etcdpanel.runtime.kubernetes.desired.EtcdStatefulSets;
import io.etcdpanel.runtime.kubernetes.desired.RuntimeSettings;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.FieldsV1;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.ManagedFieldsEntryBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.apps.StatefulSetBuilder;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudgetBuilder;
import org.junit.jupiter.api.Test;

/** When a live object already holds what the panel would apply, and when applying would change it. */
class DesiredFieldsTest {

    private static final ClusterSpec ORDERS = new ClusterSpec("orders", 3, "3.5.21", "kubernetes", "shop",
            new ClusterSpec.Storage("1Gi", null), new ClusterSpec.Resources("0.5", "1024Mi"), 0);

    @Test
    void whatTheServerAndControllersAddIsNotLookedAt() {
        Service desired = EtcdServices.client(ORDERS);
        Service live = new ServiceBuilder(desired)
                .editMetadata().withUid("u-1").withResourceVersion("42").addToAnnotations("example.com/owner", "team-a").endMetadata()
                .editSpec().withClusterIP("10.0.0.7").withType("ClusterIP").editFirstPort().withProtocol("TCP")
                .withTargetPort(new IntOrString(2379)).endPort().endSpec()
                .withNewStatus().withNewLoadBalancer().endLoadBalancer().endStatus()
                .build();

        assertThat(DesiredFields.heldBy(desired, live)).isTrue();
    }

    @Test
    void quantitiesAreComparedAsTheServerWritesThem() {
        StatefulSet desired = EtcdStatefulSets.statefulSet(ORDERS, 3, RuntimeSettings.DEFAULT);
        StatefulSet live = new StatefulSetBuilder(desired).editSpec().editTemplate().editSpec().editFirstContainer().editResources()
                .withRequests(Map.of("cpu", new Quantity("500m"), "memory", new Quantity("1Gi")))
                .endResources().endContainer().endSpec().endTemplate().endSpec().build();
        StatefulSet more = new StatefulSetBuilder(live).editSpec().editTemplate().editSpec().editFirstContainer().editResources()
                .withRequests(Map.of("cpu", new Quantity("1"), "memory", new Quantity("1Gi")))
                .endResources().endContainer().endSpec().endTemplate().endSpec().build();

        assertThat(DesiredFields.heldBy(desired, live)).isTrue();
        assertThat(DesiredFields.heldBy(desired, more)).isFalse();
    }

    @Test
    void changedReplicasImageOrBudgetAreNotHeld() {
        StatefulSet desired = EtcdStatefulSets.statefulSet(ORDERS, 3, RuntimeSettings.DEFAULT);
        StatefulSet scaled = new StatefulSetBuilder(desired).editSpec().withReplicas(5).endSpec().build();
        StatefulSet reimaged = new StatefulSetBuilder(desired).editSpec().editTemplate().editSpec().editFirstContainer()
                .withImage("example.com/etcd:hacked").endContainer().endSpec().endTemplate().endSpec().build();
        PodDisruptionBudget budget = EtcdDisruptionBudgets.budget(ORDERS, 3);
        PodDisruptionBudget loosened = new PodDisruptionBudgetBuilder(budget).editSpec().withMaxUnavailable(new IntOrString("50%"))
                .endSpec().build();

        assertThat(DesiredFields.heldBy(desired, desired)).isTrue();
        assertThat(DesiredFields.heldBy(desired, scaled)).isFalse();
        assertThat(DesiredFields.heldBy(desired, reimaged)).isFalse();
        assertThat(DesiredFields.heldBy(budget, loosened)).isFalse();
    }

    @Test
    void aListOfOtherLengthIsNotHeld() {
        Service desired = EtcdServices.headless(ORDERS);
        Service extraPort = new ServiceBuilder(desired).editSpec().addNewPort().withName("metrics").withPort(2381).endPort().endSpec()
                .build();

        assertThat(DesiredFields.heldBy(desired, extraPort)).isFalse();
    }

    @Test
    void aMemberFileThePanelDroppedIsNotHeldWhileLive() {
        ConfigMap desired = members(Map.of("orders-0.yaml", "a"));
        ConfigMap live = new ConfigMapBuilder(members(Map.of("orders-0.yaml", "a", "orders-1.yaml", "b")))
                .editMetadata().withManagedFields(new ManagedFieldsEntryBuilder().withManager(KubernetesApplier.FIELD_MANAGER)
                        .withOperation("Apply").withFieldsV1(fields(Map.of("f:data", Map.of(".", Map.of(), "f:orders-0.yaml", Map.of(),
                                "f:orders-1.yaml", Map.of())))).build())
                .endMetadata().build();
        ConfigMap someoneElsesKey = new ConfigMapBuilder(live).editMetadata().withManagedFields(new ManagedFieldsEntryBuilder()
                .withManager(KubernetesApplier.FIELD_MANAGER).withOperation("Apply")
                .withFieldsV1(fields(Map.of("f:data", Map.of("f:orders-0.yaml", Map.of())))).build()).endMetadata().build();

        assertThat(DesiredFields.heldBy(desired, live)).isFalse();
        assertThat(DesiredFields.heldBy(desired, someoneElsesKey)).isTrue();
    }

    private static ConfigMap members(Map<String, String> data) {
        return new ConfigMapBuilder().withNewMetadata().withName("orders-members").withNamespace("shop")
                .addToLabels("app.kubernetes.io/managed-by", "etcd-panel").endMetadata().withData(data).build();
    }

    private static FieldsV1 fields(Map<String, Object> tree) {
        FieldsV1 fields = new FieldsV1();
        tree.forEach(fields::setAdditionalProperty);
        return fields;
    }
}
