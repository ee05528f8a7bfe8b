package io.etcdpanel.runtime.kubernetes.desired;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.etcdpanel.catalogue.ClusterSpec;
import io.etcdpanel.runtime.JoinPlan;
import io.fabric8.kubernetes.api.model.ConfigMap;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;

class MemberConfigsTest {

    private final ClusterSpec spec = DesiredFixtures.orders();
    private final JoinPlan bootstrap = DesiredFixtures.bootstrap(spec, 3);

    @Test
    void configurationFileHoldsExactlyTheKeysOfTheContract() {
        Map<String, Object> file = parse(MemberConfigs.forPod(spec, "orders-1", bootstrap).toYaml());

        assertThat(file).containsExactly(
                Map.entry("name", "orders-1"),
                Map.entry("data-dir", "/var/lib/etcd/data"),
                Map.entry("listen-client-urls", "http://0.0.0.0:2379"),
                Map.entry("advertise-client-urls", "http://orders-1.orders.shop.svc:2379"),
                Map.entry("listen-peer-urls", "http://0.0.0.0:2380"),
                Map.entry("initial-advertise-peer-urls", "http://orders-1.orders.shop.svc:2380"),
                Map.entry("initial-cluster", "orders-0=http://orders-0.orders.shop.svc:2380,"
                        + "orders-1=http://orders-1.orders.shop.svc:2380,orders-2=http://orders-2.orders.shop.svc:2380"),
                Map.entry("initial-cluster-state", "new"),
                Map.entry("initial-cluster-token", "orders-3f9a1c2e"),
                Map.entry("quota-backend-bytes", DesiredFixtures.QUOTA),
                Map.entry("auto-compaction-mode", "periodic"),
                Map.entry("auto-compaction-retention", "1h"),
                Map.entry("enable-grpc-gateway", true),
                Map.entry("logger", "zap"));
    }

    @Test
    void numbersAreNumbersAndTheRetentionIsAString() {
        // etcd decodes the file into typed fields: a quoted quota or a bare-number retention stops it
        String yaml = MemberConfigs.forPod(spec, "orders-0", bootstrap).toYaml();

        assertThat(yaml.lines()).contains(
                "quota-backend-bytes: 4294967296",
                "auto-compaction-retention: \"1h\"",
                "initial-cluster-state: \"new\"",
                "name: \"orders-0\"");
        assertThat(parse(yaml).get("quota-backend-bytes")).isInstanceOf(Long.class);
        assertThat(parse(yaml).get("auto-compaction-retention")).isInstanceOf(String.class);
    }

    @Test
    void thePlansWrittenIntoTheConfigMapAreReadBackAsTheyWere() {
        JoinPlan joining = new JoinPlan(Map.of("orders-0", MemberAddresses.peerUrl(spec, "orders-0"),
                "orders-3", MemberAddresses.peerUrl(spec, "orders-3")), false, "orders");
        Map<String, JoinPlan> plans = Map.of("orders-0", bootstrap, "orders-3", joining);

        assertThat(MemberConfigs.roster(MemberConfigs.configMap(spec, MemberRoster.of(plans))).plans()).isEqualTo(plans);
        assertThat(MemberConfigs.roster(null).plans()).isEmpty();
    }

    @Test
    void memberJoiningARunningClusterSaysExisting() {
        Map<String, String> initial = new LinkedHashMap<>(bootstrap.initialCluster());
        initial.put("orders-3", MemberAddresses.peerUrl(spec, "orders-3"));
        JoinPlan join = new JoinPlan(initial, false, "orders");

        Map<String, Object> file = parse(MemberConfigs.forPod(spec, "orders-3", join).toYaml());

        assertThat(file.get("initial-cluster-state")).isEqualTo("existing");
        assertThat(file.get("initial-cluster-token")).isEqualTo("orders");
        assertThat((String) file.get("initial-cluster")).endsWith(",orders-3=http://orders-3.orders.shop.svc:2380");
    }

    @Test
    void quotaLeftAtZeroIsTheDefault() {
        ClusterSpec noQuota = new ClusterSpec("orders", 1, "3.5.21", "kubernetes", "shop", null, null, 0);

        assertThat(MemberConfigs.forPod(noQuota, "orders-0", DesiredFixtures.bootstrap(noQuota, 1)).quotaBackendBytes())
                .isEqualTo(ClusterSpec.DEFAULT_QUOTA_BACKEND_BYTES);
    }

    @Test
    void stringsThatYamlWouldMisreadAreQuoted() {
        JoinPlan odd = new JoinPlan(Map.of("orders-0", "http://x:2380"), true, "yes: \"no\" # \\ \n");

        Map<String, Object> file = parse(MemberConfigs.forPod(spec, "orders-0", odd).toYaml());

        assertThat(file.get("initial-cluster-token")).isEqualTo("yes: \"no\" # \\ \n");
    }

    @Test
    void configMapHoldsOneFilePerStartedMemberInOrdinalOrder() {
        Map<String, JoinPlan> plans = new LinkedHashMap<>();
        plans.put("orders-10", bootstrap);
        plans.put("orders-2", bootstrap);
        plans.put("orders-0", bootstrap);

        ConfigMap configMap = MemberConfigs.configMap(spec, MemberRoster.of(plans));

        assertThat(configMap.getApiVersion()).isEqualTo("v1");
        assertThat(configMap.getMetadata().getName()).isEqualTo("orders-members");
        assertThat(configMap.getMetadata().getNamespace()).isEqualTo("shop");
        assertThat(configMap.getMetadata().getLabels()).containsEntry("app.kubernetes.io/managed-by", "etcd-panel")
                .containsEntry("app.kubernetes.io/instance", "orders").containsEntry("app.kubernetes.io/name", "etcd");
        assertThat(List.copyOf(configMap.getData().keySet())).containsExactly("orders-0.yaml", "orders-2.yaml", "orders-10.yaml");
        assertThat(configMap.getData().get("orders-2.yaml")).isEqualTo(MemberConfigs.forPod(spec, "orders-2", bootstrap).toYaml());
        assertThat(parse(configMap.getData().get("orders-10.yaml")).get("name")).isEqualTo("orders-10");
    }

    @Test
    void configMapBeforeAnyMemberStartedIsEmpty() {
        assertThat(MemberConfigs.configMap(spec, MemberRoster.of(Map.of())).getData()).isEmpty();
    }

    @Test
    void relocatedConfigurationKeepsTheMembershipAndMovesTheAddresses() {
        MemberConfig local = MemberConfigs.forPod(spec, "orders-0", bootstrap)
                .relocated("/tmp/d", "http://127.0.0.1:1", "http://127.0.0.1:2", "orders-0=http://127.0.0.1:2");

        assertThat(local.dataDir()).isEqualTo("/tmp/d");
        assertThat(local.listenClientUrls()).isEqualTo(local.advertiseClientUrls()).isEqualTo("http://127.0.0.1:1");
        assertThat(local.listenPeerUrls()).isEqualTo(local.initialAdvertisePeerUrls()).isEqualTo("http://127.0.0.1:2");
        assertThat(local.initialClusterToken()).isEqualTo("orders-3f9a1c2e");
        assertThat(local.quotaBackendBytes()).isEqualTo(DesiredFixtures.QUOTA);
    }

    private static Map<String, Object> parse(String yaml) {
        return new Yaml().load(yaml);
    }
}
