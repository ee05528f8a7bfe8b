package io.etcdpanel.runtime.kubernetes.desired;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;

import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import org.junit.jupiter.api.Test;

class EtcdDisruptionBudgetsTest {

    @Test
    void severalMembersMayLoseOneAtATime() {
        PodDisruptionBudget budget = EtcdDisruptionBudgets.budget(DesiredFixtures.orders(), 3);

        assertThat(budget.getApiVersion()).isEqualTo("policy/v1");
        assertThat(budget.getMetadata().getName()).isEqualTo("orders");
        assertThat(budget.getMetadata().getNamespace()).isEqualTo("shop");
        assertThat(budget.getMetadata().getLabels()).containsEntry("app.kubernetes.io/managed-by", "etcd-panel");
        assertThat(budget.getSpec().getMaxUnavailable()).isEqualTo(new IntOrString(1));
        assertThat(budget.getSpec().getMinAvailable()).isNull();
        assertThat(budget.getSpec().getSelector().getMatchLabels()).isEqualTo(Map.of(
                "app.kubernetes.io/name", "etcd", "app.kubernetes.io/instance", "orders"));
    }

    @Test
    void twoMembersHaveABudgetToo() {
        assertThat(EtcdDisruptionBudgets.budget(DesiredFixtures.orders(), 2)).isNotNull();
    }

    @Test
    void oneMemberOrNoneHasNoBudget() {
        assertThat(EtcdDisruptionBudgets.budget(DesiredFixtures.orders(), 1)).isNull();
        assertThat(EtcdDisruptionBudgets.budget(DesiredFixtures.orders(), 0)).isNull();
    }
}
