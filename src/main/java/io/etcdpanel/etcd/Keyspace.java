package io.etcdpanel.etcd;

import io.etcd.jetcd.ByteSequence;
import io.etcd.jetcd.kv.GetResponse;
import io.etcd.jetcd.options.GetOption;
import org.springframework.stereotype.Component;

/** Counts the keys a member holds, at a revision or now, without reading their values. */
@Component
public class Keyspace {

    /** A count of keys and the revision it was taken at. */
    public record Count(long keys, long revision) {
    }

    private static final ByteSequence ALL = ByteSequence.from(new byte[] {0});
    private final EtcdClients clients;
    private final EtcdProperties properties;

    Keyspace(EtcdClients clients, EtcdProperties properties) {
        this.clients = clients;
        this.properties = properties;
    }

    /** Every key at this revision (0: now), as this member sees it. */
    public Count count(String endpoint, long revision) {
        GetOption option = GetOption.builder().withRange(ALL).withCountOnly(true).withRevision(revision).build();
        GetResponse response = EtcdCalls.await(clients.forEndpoint(endpoint).getKVClient().get(ALL, option), properties.callTimeout(),
                "count keys on " + endpoint);
        return new Count(response.getCount(), response.getHeader().getRevision());
    }

    /** Closes what was opened to a member that is gone. */
    public void forget(String endpoint) {
        clients.forget(java.util.List.of(endpoint));
    }
}
