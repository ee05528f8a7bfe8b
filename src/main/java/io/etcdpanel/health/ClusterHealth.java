package io.etcdpanel.health;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import io.etcdpanel.etcd.Alarm;
import io.etcdpanel.etcd.EtcdMember;
import io.etcdpanel.etcd.MemberStatus;
import io.etcdpanel.runtime.MemberInstance;

/**
 * One look at a cluster: the members the runtime holds, what each said when probed, and etcd's
 * member list and alarms as the leader knows them ({@code etcdMembers} is null when no leader answered).
 */
public record ClusterHealth(
        List<MemberInstance> instances,
        Map<String, MemberStatus> statusByEndpoint,
        List<EtcdMember> etcdMembers,
        List<Alarm> alarms,
        String listError) {

    /** A cluster that could not be looked at, and why. */
    public static ClusterHealth unobserved(String why) {
        return new ClusterHealth(List.of(), Map.of(), null, List.of(), why);
    }

    public Optional<MemberStatus> leaderStatus() {
        return statusByEndpoint.values().stream().filter(MemberStatus::isLeader).findFirst();
    }

    public boolean hasLeader() {
        return leaderStatus().isPresent();
    }

    public boolean membershipKnown() {
        return etcdMembers != null;
    }

    public MemberStatus statusOf(MemberInstance instance) {
        MemberStatus status = statusByEndpoint.get(instance.clientUrl());
        return status != null ? status : MemberStatus.unreachable(instance.clientUrl(), "not running");
    }

    public Optional<MemberInstance> instanceOf(EtcdMember member) {
        return instances.stream().filter(instance -> member.hasPeerUrl(instance.peerUrl())).findFirst();
    }

    public Optional<EtcdMember> etcdMemberOf(MemberInstance instance) {
        return etcdMembers == null ? Optional.empty()
                : etcdMembers.stream().filter(member -> member.hasPeerUrl(instance.peerUrl())).findFirst();
    }

    /** Whether this member answered its probe and knows a leader. */
    public boolean healthy(EtcdMember member) {
        return instanceOf(member).map(this::statusOf).filter(MemberStatus::hasLeader).isPresent();
    }

    public Optional<String> leaderName() {
        return leaderStatus().flatMap(leader -> etcdMembers == null ? Optional.empty()
                : etcdMembers.stream().filter(member -> member.id().equals(leader.id())).map(EtcdMember::name).findFirst())
                .or(() -> leaderStatus().flatMap(leader -> instances.stream()
                        .filter(instance -> leader.endpoint().equals(instance.clientUrl())).map(MemberInstance::name).findFirst()));
    }

    /** One row per etcd member, by name; when no leader can say who the members are, one row per runtime member. */
    public List<MemberHealth> members() {
        List<MemberHealth> rows = new ArrayList<>();
        if (etcdMembers != null) {
            for (EtcdMember member : etcdMembers) {
                Optional<MemberInstance> instance = instanceOf(member);
                MemberStatus status = instance.map(this::statusOf)
                        .orElse(MemberStatus.unreachable(null, "the runtime holds no process for this member"));
                String name = member.started() ? member.name() : instance.map(MemberInstance::name).orElse("");
                // the runtime's address is one the panel can reach; the advertised one may be a name only pods resolve
                List<String> clientUrls = instance.map(found -> List.of(found.clientUrl())).orElse(member.clientUrls());
                rows.add(row(member.id(), name, clientUrls, member.peerUrls(), member.learner(), status));
            }
        } else {
            for (MemberInstance instance : instances) {
                MemberStatus status = statusOf(instance);
                rows.add(row(status.id(), instance.name(), List.of(instance.clientUrl()), List.of(instance.peerUrl()),
                        status.learner(), status));
            }
        }
        rows.sort(java.util.Comparator.comparing(MemberHealth::name));
        return rows;
    }

    private MemberHealth row(String id, String name, List<String> clientUrls, List<String> peerUrls, boolean learner,
            MemberStatus status) {
        List<String> memberAlarms = alarms.stream().filter(alarm -> alarm.memberId().equals(id)).map(Alarm::type).toList();
        String error = status.answered() && !status.hasLeader() ? "answers but knows no leader" : status.error();
        return new MemberHealth(id, name, clientUrls, peerUrls, status.isLeader(), learner, status.hasLeader(),
                status.version(), status.dbSizeBytes(), status.dbSizeInUseBytes(), status.raftTerm(), status.raftIndex(),
                status.raftAppliedIndex(), memberAlarms, error);
    }
}
