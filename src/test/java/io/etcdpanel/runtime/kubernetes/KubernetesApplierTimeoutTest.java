package io.etcdpanel.runtime.kubernetes;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

import io.etcdpanel.catalogue.ClusterSpec;
import io.etcdpanel.runtime.kubernetes.desired.EtcdServices;
import io.etcdpanel.runtime.kubernetes.desired.RuntimeSettings;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import org.junit.jupiter.api.Test;

/** A call to an API server that never answers ends at the request timeout, with no retry stretching it. */
class KubernetesApplierTimeoutTest {

    @Test
    void silentApiServerFailsTheCallWithinItsTimeout() throws IOException {
        List<Socket> accepted = new CopyOnWriteArrayList<>();
        try (ServerSocket silent = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            Thread acceptor = new Thread(() -> {
                try {
                    while (!silent.isClosed()) {
                        accepted.add(silent.accept()); // read nothing, answer nothing
                    }
                } catch (IOException closed) {
                    // the test is over
                }
            });
            acceptor.setDaemon(true);
            acceptor.start();
            Config base = new ConfigBuilder(Config.empty()).withMasterUrl("http://127.0.0.1:" + silent.getLocalPort()).build();
            KubernetesProperties properties = new KubernetesProperties(true, RuntimeSettings.DEFAULT_IMAGE_REPOSITORY,
                    KubernetesProperties.MemberAccess.POD_IP, List.of(), Duration.ofMillis(800), List.of("3.5.21"));
            ClusterSpec spec = new ClusterSpec("orders", 3, "3.5.21", "kubernetes", "shop", null, null, 0);

            // a client each, so the second call cannot meet the connection the first one's timeout closed; the cache (on a
            // client of its own) watches another namespace: the applier asks the silent API server about "shop" itself
            assertFailsWithinItsTimeout(base, properties, applier -> applier.apply(EtcdServices.headless(spec)));
            assertFailsWithinItsTimeout(base, properties, applier -> applier.delete(Service.class, "shop", "orders"));
            assertThat(accepted).isNotEmpty();
        } finally {
            for (Socket socket : accepted) {
                socket.close();
            }
        }
    }

    /** One call of 0.8 s, not fabric8's default of 10 retries with backoff (a minute and more). */
    private static void assertFailsWithinItsTimeout(Config base, KubernetesProperties properties, Consumer<KubernetesApplier> call) {
        try (KubernetesClient client = KubernetesClients.create(base, properties);
                KubernetesClient watching = KubernetesClients.create(base, properties);
                KubernetesCache cache = new KubernetesCache(watching, List.of("elsewhere"))) {
            cache.start();
            KubernetesApplier applier = new KubernetesApplier(client, cache, properties);
            long start = System.nanoTime();
            // the JDK client reports its own timeout either way, depending on which of its threads sees it first
            assertThatThrownBy(() -> call.accept(applier)).isInstanceOf(KubernetesClientException.class).rootCause().message()
                    .isIn("request timed out", "connection closed locally");
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isBetween(Duration.ofMillis(800), Duration.ofSeconds(5));
        }
    }
}
