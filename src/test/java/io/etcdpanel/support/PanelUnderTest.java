package io.etcdpanel.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.TestInstance;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;

/**
 * The real panel on a random port, in this JVM, with its own data dir: what the panel tests share whatever the database
 * ({@link RunningPanel} on H2, {@link PostgresPanel} on PostgreSQL). Each test class deletes what it created; what is
 * left at the end of a class is deleted through the API, and any etcd process still alive is killed.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
public abstract class PanelUnderTest {

    protected static final Duration DEADLINE = Duration.ofSeconds(60);

    @LocalServerPort
    protected int port;

    /** The panel's REST API, as automation would use it. */
    protected PanelApi api;

    /** Where this panel keeps member data dirs, logs and snapshots. */
    protected abstract Path dataDir();

    /** The properties of a panel on the local runtime: its data dir, the loopback ports of its members, a quick loop. */
    protected static void localPanel(DynamicPropertyRegistry registry, Path dataDir, String memberPorts) {
        registry.add("etcdpanel.data-dir", dataDir::toString);
        registry.add("etcdpanel.local.ports", () -> memberPorts);
        registry.add("etcdpanel.reconcile.interval", () -> "2s");
    }

    @BeforeEach
    void connectApi() {
        api = new PanelApi(port);
    }

    @AfterAll
    void deleteEveryCluster() {
        try {
            api.get("/api/v1/clusters").json()
                    .forEach(cluster -> api.delete("/api/v1/clusters/" + cluster.path("name").asString()));
            Poll.until("every cluster deleted", DEADLINE, () -> api.get("/api/v1/clusters").json().isEmpty());
        } finally {
            // the last resort: local members run in their own session and would outlive the tests
            EtcdReaper.killAllUnder(dataDir());
        }
    }

    public static Path temporaryDirectory(String prefix) {
        try {
            return Files.createTempDirectory(prefix);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
