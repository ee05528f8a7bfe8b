package io.etcdpanel.etcd;

import java.net.URI;
import java.util.Collection;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import io.etcd.jetcd.Client;
import io.grpc.ConnectivityState;
import io.grpc.ManagedChannel;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.grpc.VertxChannelBuilder;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.stereotype.Component;

/**
 * The only place that builds connections to etcd: per member endpoint, a plain gRPC channel kept
 * open for what every pass asks (status, member list, alarms; jetcd's own status call opens a new
 * connection each time), and a jetcd client, made when first needed, for membership changes and
 * everything else aimed at one member (the leader for a leader move, one member for a snapshot).
 */
@Component
public class EtcdClients implements DisposableBean {

    private final EtcdProperties properties;
    private final Map<String, Client> clients = new ConcurrentHashMap<>();
    private final Map<String, ManagedChannel> channels = new ConcurrentHashMap<>();
    private final Vertx channelLoop = Vertx.vertx(new VertxOptions().setUseDaemonThread(true).setEventLoopPoolSize(2));
    private final ExecutorService callbacks = Executors.newCachedThreadPool(daemonThreads());

    EtcdClients(EtcdProperties properties) {
        this.properties = properties;
    }

    /** A client that talks to exactly this endpoint. */
    public Client forEndpoint(String endpoint) {
        return clients.computeIfAbsent(endpoint, this::build);
    }

    /** The open channel to this endpoint; one that failed to connect retries at once rather than after its back-off. */
    ManagedChannel channel(String endpoint) {
        ManagedChannel channel = channels.computeIfAbsent(endpoint, this::open);
        if (channel.getState(false) == ConnectivityState.TRANSIENT_FAILURE) {
            channel.resetConnectBackoff();
        }
        return channel;
    }

    /** Closes the clients and channels of endpoints that no longer belong to a member. */
    public void forget(Collection<String> endpoints) {
        endpoints.forEach(endpoint -> {
            Client client = clients.remove(endpoint);
            if (client != null) {
                client.close();
            }
            ManagedChannel channel = channels.remove(endpoint);
            if (channel != null) {
                channel.shutdownNow();
            }
        });
    }

    private ManagedChannel open(String endpoint) {
        URI uri = URI.create(endpoint);
        return VertxChannelBuilder.forAddress(channelLoop, uri.getHost(), uri.getPort()).usePlaintext().build();
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
        forget(channels.keySet());
        callbacks.shutdownNow();
        channelLoop.close();
    }

    private static java.util.concurrent.ThreadFactory daemonThreads() {
        return runnable -> {
            Thread thread = new Thread(runnable, "etcd-callback");
            thread.setDaemon(true);
            return thread;
        };
    }
}
