package io.etcdpanel.etcd;

import java.net.URI;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import io.etcd.jetcd.Client;
import io.etcd.jetcd.api.ClusterGrpc;
import io.etcd.jetcd.api.MemberListRequest;
import io.etcd.jetcd.cluster.Member;
import org.springframework.stereotype.Component;

/**
 * Changes who is in a cluster, through etcd's own API, the same way for every runtime: add a
 * learner, promote it, move leadership, remove a member. Each call is bounded by the call timeout.
 */
@Component
public class Membership {

    private final EtcdClients clients;
    private final EtcdProperties properties;

    Membership(EtcdClients clients, EtcdProperties properties) {
        this.clients = clients;
        this.properties = properties;
    }

    /** The member list as the member at this endpoint knows it; ask the leader for the truth. */
    public List<EtcdMember> list(String endpoint) {
        return EtcdCalls.await(listAsync(endpoint), properties.callTimeout(), "member list from " + endpoint);
    }

    /** The same list without waiting; completes exceptionally when there is no answer in time. */
    public CompletableFuture<List<EtcdMember>> listAsync(String endpoint) {
        long timeout = properties.callTimeout().toMillis();
        ClusterGrpc.ClusterStub stub = ClusterGrpc.newStub(clients.channel(endpoint)).withDeadlineAfter(timeout, TimeUnit.MILLISECONDS);
        return UnaryCall.of(stub::memberList, MemberListRequest.getDefaultInstance())
                .orTimeout(timeout, TimeUnit.MILLISECONDS)
                .thenApply(response -> response.getMembersList().stream().map(Membership::toMember).toList());
    }

    public EtcdMember addLearner(String endpoint, String peerUrl) {
        Member added = EtcdCalls.await(client(endpoint).getClusterClient().addMember(List.of(URI.create(peerUrl)), true),
                properties.callTimeout(), "add learner " + peerUrl).getMember();
        return toMember(added);
    }

    public void promote(String endpoint, String memberId) {
        EtcdCalls.await(client(endpoint).getClusterClient().promoteMember(MemberIds.parse(memberId)), properties.callTimeout(),
                "promote member " + memberId);
    }

    public void remove(String endpoint, String memberId) {
        EtcdCalls.await(client(endpoint).getClusterClient().removeMember(MemberIds.parse(memberId)), properties.callTimeout(),
                "remove member " + memberId);
    }

    /** Hands leadership to another member; only the current leader can do that, so call it there. */
    public void moveLeader(String leaderEndpoint, String targetId) {
        EtcdCalls.await(client(leaderEndpoint).getMaintenanceClient().moveLeader(MemberIds.parse(targetId)), properties.callTimeout(),
                "move leadership to " + targetId);
    }

    private Client client(String endpoint) {
        return clients.forEndpoint(endpoint);
    }

    private static EtcdMember toMember(io.etcd.jetcd.api.Member member) {
        return new EtcdMember(MemberIds.hex(member.getID()), member.getName(), member.getPeerURLsList().stream().map(Membership::trim).toList(),
                member.getClientURLsList().stream().map(Membership::trim).toList(), member.getIsLearner());
    }

    private static EtcdMember toMember(Member member) {
        return new EtcdMember(MemberIds.hex(member.getId()), member.getName(),
                member.getPeerURIs().stream().map(Membership::url).toList(),
                member.getClientURIs().stream().map(Membership::url).toList(),
                member.isLearner());
    }

    private static String url(URI uri) {
        return trim(uri.toString());
    }

    private static String trim(String url) {
        return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
    }
}
