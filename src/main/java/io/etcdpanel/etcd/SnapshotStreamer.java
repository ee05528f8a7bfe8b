package io.etcdpanel.etcd;

import java.io.OutputStream;
import java.time.Duration;

import org.springframework.stereotype.Component;

/** Streams one member's snapshot (the bolt database and its sha256) into a stream, never holding it in memory. */
@Component
public class SnapshotStreamer {

    private final EtcdClients clients;

    SnapshotStreamer(EtcdClients clients) {
        this.clients = clients;
    }

    /** Streams from exactly this member; returns the bytes written. Bounded by {@code timeout}. */
    public long stream(String endpoint, OutputStream target, Duration timeout) {
        return EtcdCalls.await(clients.forEndpoint(endpoint).getMaintenanceClient().snapshot(target), timeout,
                "snapshot from " + endpoint);
    }
}
