package io.etcdpanel.health;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;
import java.util.stream.Collectors;

import io.etcdpanel.catalogue.ClusterSpec;
import io.etcdpanel.etcd.EtcdCallFailed;
import io.etcdpanel.etcd.EtcdMember;
import io.etcdpanel.etcd.MemberProbe;
import io.etcdpanel.etcd.MemberStatus;
import io.etcdpanel.etcd.Membership;
import io.etcdpanel.runtime.MemberInstance;
import io.etcdpanel.runtime.Runtimes;
import org.springframework.stereotype.Service;

/**
 * Looks at clusters: probes every member of every cluster asked about at once (one status call
 * each, time-bounded), then asks the leader for the member list and alarms.
 */
@Service
public class HealthMonitor {

    private final Runtimes runtimes;
    private final MemberProbe probe;
    private final Membership membership;

    HealthMonitor(Runtimes runtimes, MemberProbe probe, Membership membership) {
        this.runtimes = runtimes;
        this.probe = probe;
        this.membership = membership;
    }

    /** Looks at many clusters concurrently; the whole sweep takes about as long as the slowest cluster. */
    public Map<String, ClusterHealth> checkAll(List<ClusterSpec> clusters) {
        Map<String, CompletableFuture<ClusterHealth>> checks = clusters.stream()
                .collect(Collectors.toMap(ClusterSpec::name, this::checkAsync, (left, right) -> left, LinkedHashMap::new));
        CompletableFuture.allOf(checks.values().toArray(CompletableFuture[]::new)).join();
        return checks.entrySet().stream().collect(Collectors.toMap(Map.Entry::getKey, entry -> entry.getValue().join(),
                (left, right) -> left, LinkedHashMap::new));
    }

    public ClusterHealth check(ClusterSpec cluster) {
        return checkAsync(cluster).join();
    }

    private CompletableFuture<ClusterHealth> checkAsync(ClusterSpec cluster) {
        List<MemberInstance> instances = runtimes.get(cluster.runtime()).instances(cluster);
        List<CompletableFuture<MemberStatus>> probes = instances.stream()
                .filter(MemberInstance::running)
                .map(instance -> probe.status(instance.clientUrl()))
                .toList();
        return CompletableFuture.allOf(probes.toArray(CompletableFuture[]::new)).thenCompose(done -> {
            Map<String, MemberStatus> statuses = probes.stream().map(CompletableFuture::join)
                    .collect(Collectors.toMap(MemberStatus::endpoint, Function.identity(), (left, right) -> left));
            return statuses.values().stream().filter(MemberStatus::isLeader).findFirst()
                    .map(leader -> askLeader(instances, statuses, leader.endpoint()))
                    .orElseGet(() -> CompletableFuture.completedFuture(
                            new ClusterHealth(instances, statuses, null, List.of(), "no member knows a leader")));
        });
    }

    private CompletableFuture<ClusterHealth> askLeader(List<MemberInstance> instances, Map<String, MemberStatus> statuses,
            String leaderEndpoint) {
        CompletableFuture<List<EtcdMember>> list = membership.listAsync(leaderEndpoint);
        var alarms = probe.alarms(leaderEndpoint);
        return list.thenCombine(alarms, (members, raised) -> new ClusterHealth(instances, statuses, members, raised, null))
                .exceptionally(failure -> new ClusterHealth(instances, statuses, null, List.of(),
                        new EtcdCallFailed("member list from the leader", failure).getMessage() + ": " + failure.getMessage()));
    }
}
