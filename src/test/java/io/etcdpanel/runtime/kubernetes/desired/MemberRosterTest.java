package io.etcdpanel.runtime.kubernetes.desired;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import java.util.Set;

import io.etcdpanel.catalogue.ClusterSpec;
import io.etcdpanel.runtime.JoinPlan;
import org.junit.jupiter.api.Test;

class MemberRosterTest {

    private final ClusterSpec spec = DesiredFixtures.orders();
    private final JoinPlan bootstrap = DesiredFixtures.bootstrap(spec, 3);
    private final MemberRoster three = MemberRoster.EMPTY.started("orders-0", bootstrap, "uid-0").started("orders-1", bootstrap, "uid-1")
            .started("orders-2", bootstrap, "uid-2");

    @Test
    void replicasCoverTheHighestStartedOrdinal() {
        assertThat(MemberRoster.EMPTY.replicas("orders")).isZero();
        assertThat(three.replicas("orders")).isEqualTo(3);
        assertThat(three.without("orders-2").replicas("orders")).isEqualTo(2);
        assertThat(MemberRoster.of(Map.of("orders-4", bootstrap)).replicas("orders")).isEqualTo(5);
    }

    @Test
    void holdingAMemberStoppedStopsEveryMemberFromItsOrdinalUp() {
        assertThat(three.holdingStopped("orders-2").replicas("orders")).isEqualTo(2);
        assertThat(three.holdingStopped("orders-2").holdingStopped("orders-0").replicas("orders")).isZero();
        assertThat(three.holdingStopped("orders-0").holdingStopped("orders-1").holdingStopped("orders-2")
                .released("orders-0").replicas("orders")).isEqualTo(1);
        assertThat(three.holdingStopped("orders-1").released("orders-1").replicas("orders")).isEqualTo(3);
    }

    @Test
    void aClaimWithAnotherUidIsNotTheMembersVolume() {
        assertThat(three.onItsVolume("orders-1", "uid-1")).isTrue();
        assertThat(three.onItsVolume("orders-1", "uid-new")).isFalse();
        assertThat(MemberRoster.of(Map.of("orders-0", bootstrap)).onItsVolume("orders-0", "anything"))
                .as("a member started before volumes were recorded trusts its claim").isTrue();
    }

    @Test
    void replanningKeepsTheVolumeAndTheHold() {
        JoinPlan restored = new JoinPlan(bootstrap.initialCluster(), true, "orders-restore-1234");
        MemberRoster roster = three.holdingStopped("orders-0").replanned("orders-0", restored);

        assertThat(roster.plans().get("orders-0")).isEqualTo(restored);
        assertThat(roster.volumes().get("orders-0")).isEqualTo("uid-0");
        assertThat(roster.stopped()).containsExactly("orders-0");
    }

    @Test
    void withoutForgetsThePlanTheVolumeAndTheHold() {
        MemberRoster roster = three.holdingStopped("orders-2").without("orders-2");

        assertThat(roster.plans()).doesNotContainKey("orders-2");
        assertThat(roster.volumes()).doesNotContainKey("orders-2");
        assertThat(roster.stopped()).isEmpty();
    }

    @Test
    void theConfigMapCarriesTheWholeRosterAndReadsBackAsItWas() {
        MemberRoster roster = three.holdingStopped("orders-1").holdingStopped("orders-2");

        Map<String, String> data = MemberConfigs.configMap(spec, roster).getData();

        assertThat(data).containsKeys("orders-0.yaml", "orders-1.yaml", "orders-2.yaml")
                .containsEntry("orders-0.volume", "uid-0").containsEntry("stopped", "orders-1,orders-2");
        assertThat(MemberConfigs.roster(MemberConfigs.configMap(spec, roster))).isEqualTo(roster);
        assertThat(MemberConfigs.roster(MemberConfigs.configMap(spec, three)).stopped()).isEqualTo(Set.of());
    }
}
