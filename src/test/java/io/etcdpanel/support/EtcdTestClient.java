package io.etcdpanel.support;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;

import io.etcd.jetcd.ByteSequence;
import io.etcd.jetcd.Client;
import io.etcd.jetcd.kv.GetResponse;
import io.etcd.jetcd.options.DeleteOption;
import io.etcd.jetcd.options.GetOption;

/** A test's own jetcd client on one member: writes and reads keys, lists members, as any etcd user would. */
public final class EtcdTestClient implements AutoCloseable {

    private final Client client;
    private final String endpoint;

    public EtcdTestClient(String endpoint) {
        this.client = Client.builder().endpoints(endpoint).build();
        this.endpoint = endpoint;
    }

    /** A member's own id and the id of the leader it follows, in hex. */
    public record Status(String memberId, String leaderId) {
    }

    /** This member's status (of the endpoint this client was made for). */
    public Status status() {
        var status = await(client.getMaintenanceClient().statusMember(endpoint));
        return new Status(Long.toHexString(status.getHeader().getMemberId()), Long.toHexString(status.getLeader()));
    }

    public void put(String key, String value) {
        await(client.getKVClient().put(bytes(key), bytes(value)));
    }

    public String get(String key) {
        GetResponse response = await(client.getKVClient().get(bytes(key)));
        return response.getKvs().isEmpty() ? null : response.getKvs().get(0).getValue().toString(StandardCharsets.UTF_8);
    }

    /** Deletes every key; returns how many there were. */
    public long deleteAll() {
        return await(client.getKVClient().delete(bytes("\0"), DeleteOption.builder().withRange(bytes("\0")).build())).getDeleted();
    }

    /** Every key under the prefix with its value, in key order. */
    public Map<String, String> withPrefix(String prefix) {
        GetResponse response = await(client.getKVClient().get(bytes(prefix), GetOption.builder().isPrefix(true).build()));
        Map<String, String> values = new TreeMap<>();
        response.getKvs().forEach(kv -> values.put(kv.getKey().toString(StandardCharsets.UTF_8), kv.getValue().toString(StandardCharsets.UTF_8)));
        return values;
    }

    /** The revision this member is at. */
    public long revision() {
        return await(client.getKVClient().get(bytes("\0"))).getHeader().getRevision();
    }

    /** Member names and ids as etcd lists them, "name=idhex", sorted. */
    public List<String> memberNames() {
        return await(client.getClusterClient().listMember()).getMembers().stream()
                .map(member -> member.getName() + "=" + Long.toHexString(member.getId())).sorted().toList();
    }

    /** Adds a voting member with this peer URL (as the panel does before the member's pod may start); its id in hex. */
    public String addMember(String peerUrl) {
        return Long.toHexString(await(client.getClusterClient().addMember(List.of(java.net.URI.create(peerUrl)))).getMember().getId());
    }

    private static ByteSequence bytes(String text) {
        return ByteSequence.from(text, StandardCharsets.UTF_8);
    }

    private static <T> T await(java.util.concurrent.CompletableFuture<T> call) {
        try {
            return call.get(10, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException("etcd call failed: " + e.getMessage(), e);
        }
    }

    @Override
    public void close() {
        client.close();
    }
}
