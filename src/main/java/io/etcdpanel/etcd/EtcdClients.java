package io.etcdpanel.etcd;

import java.util.Collection;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import io.etcd.jetcd.Client;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.stereotype.Component;

/**
 * The only place that builds jetcd clients: one client per member endpoint, so every call can be
 * aimed at the member it concerns (the leader for a leader move, one chosen member for a snapshot).
 */
@Component
public class EtcdClients implements DisposableBean {

    private final EtcdProperties properties;
    private final Map<String, Client> clients = new ConcurrentHashMap<>();
    private final ExecutorService callbacks = Executors.newCachedThreadPool(daemonThreads());

    EtcdClients(EtcdProperties properties) {
        this.properties = properties;
    }

    /** A client that talks to exactly this endpoint. */
    public Client forEndpoint(String endpoint) {
        return clients.computeIfAbsent(endpoint, this::build);
    }

    /** Closes the clients of endpoints that no longer belong to a member. */
    public void forget(Collection<String> endpoints) {
        endpoints.forEach(endpoint -> {
            Client client = clients.remove(endpoint);
            if (client != null) {
                client.close();
            }
        });
    }

    private Client build(String endpoint) {
        return Client.builder()
                .endpoints(endpoint)
                .connectTimeout(properties.connectTimeout())
                .waitForReady(false)
                .retryMaxAttempts(1)
                .retryMaxDuration(properties.callTimeout())
                .keepaliveWithoutCalls(false)
                .executorService(callbacks)
                .build();
    }

    @Override
    public void destroy() {
        forget(clients.keySet());
        callbacks.shutdownNow();
    }

    private static java.util.concurrent.ThreadFactory daemonThreads() {
        return runnable -> {
            Thread thread = new Thread(runnable, "etcd-callback");
            thread.setDaemon(true);
            return thread;
        };
    }
}
