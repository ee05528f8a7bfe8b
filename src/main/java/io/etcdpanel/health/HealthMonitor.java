package io.etcdpanel.health;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
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
import org.springframework.beans.factory.DisposableBean;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Service;

/**
 * Looks at clusters: probes every member of every cluster asked about at once (one status call
 * each, time-bounded), then asks the leader for the member list and alarms.
 */
@Service
public class HealthMonitor implements DisposableBean {

    /** Threads that list members and start probes, so the clusters of a sweep are looked at side by side. */
    static final int LOOKERS = 4;

    private final Runtimes runtimes;
    private final MemberProbe probe;
    private final Membership membership;
    private final ApplicationEventPublisher publisher;
    private final ExecutorService lookers = Executors.newFixedThreadPool(LOOKERS, runnable -> {
        Thread thread = new Thread(runnable, "health-look");
        thread.setDaemon(true);
        return thread;
    });

    HealthMonitor(Runtimes runtimes, MemberProbe probe, Membership membership, ApplicationEventPublisher publisher) {
        this.runtimes = runtimes;
        this.probe = probe;
        this.membership = membership;
        this.publisher = publisher;
    }

    /** Looks at many clusters concurrently; the whole sweep takes about as long as the slowest cluster. */
    public Map<String, ClusterHealth> checkAll(List<ClusterSpec> clusters) {
        long started = System.nanoTime();
        List<Duration> roundTrips = new CopyOnWriteArrayList<>();
        Map<String, CompletableFuture<ClusterHealth>> checks = clusters.stream().collect(Collectors.toMap(ClusterSpec::name,
                cluster -> CompletableFuture.supplyAsync(() -> checkAsync(cluster, roundTrips), lookers).thenCompose(look -> look),
                (left, right) -> left, LinkedHashMap::new));
        CompletableFuture.allOf(checks.values().toArray(CompletableFuture[]::new)).join();
        publisher.publishEvent(new HealthChecked(clusters.size(), true, Duration.ofNanos(System.nanoTime() - started),
                List.copyOf(roundTrips)));
        return checks.entrySet().stream().collect(Collectors.toMap(Map.Entry::getKey, entry -> entry.getValue().join(),
                (left, right) -> left, LinkedHashMap::new));
    }

    public ClusterHealth check(ClusterSpec cluster) {
        long started = System.nanoTime();
        List<Duration> roundTrips = new CopyOnWriteArrayList<>();
        ClusterHealth health = checkAsync(cluster, roundTrips).join();
        publisher.publishEvent(new HealthChecked(1, false, Duration.ofNanos(System.nanoTime() - started), List.copyOf(roundTrips)));
        return health;
    }

    private CompletableFuture<ClusterHealth> checkAsync(ClusterSpec cluster, List<Duration> roundTrips) {
        List<MemberInstance> instances = runtimes.get(cluster.runtime()).instances(cluster);
        List<CompletableFuture<MemberStatus>> probes = instances.stream()
                .filter(MemberInstance::running)
                .map(instance -> timed(instance.clientUrl(), roundTrips))
                .toList();
        // continue off the probes' gRPC threads, on the panel's own
        return CompletableFuture.allOf(probes.toArray(CompletableFuture[]::new)).thenComposeAsync(done -> {
            Map<String, MemberStatus> statuses = probes.stream().map(CompletableFuture::join)
                    .collect(Collectors.toMap(MemberStatus::endpoint, Function.identity(), (left, right) -> left));
            return statuses.values().stream().filter(MemberStatus::isLeader).findFirst()
                    .map(leader -> askLeader(instances, statuses, leader.endpoint()))
                    .orElseGet(() -> CompletableFuture.completedFuture(
                            new ClusterHealth(instances, statuses, null, List.of(), "no member knows a leader")));
        }, lookers);
    }

    @Override
    public void destroy() {
        lookers.shutdownNow();
    }

    private CompletableFuture<MemberStatus> timed(String endpoint, List<Duration> roundTrips) {
        long started = System.nanoTime();
        return probe.status(endpoint).whenComplete((status, failure) -> roundTrips.add(Duration.ofNanos(System.nanoTime() - started)));
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
