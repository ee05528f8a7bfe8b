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
import org.springframework.test.context.DynamicPropertySource;

/**
 * The real panel on a random port with its own data dir, shared by the integration tests that
 * extend this (one application context). Each test class deletes what it created; what is left
 * at the end of a class is deleted through the API, and any etcd process still alive is killed.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
public abstract class RunningPanel {

    protected static final Path DATA_DIR = temporaryDirectory("etcdpanel-it-");
    protected static final Duration DEADLINE = Duration.ofSeconds(60);

    @LocalServerPort
    protected int port;

    /** The panel's REST API, as automation would use it. */
    protected PanelApi api;

    @DynamicPropertySource
    static void panelProperties(DynamicPropertyRegistry registry) {
        registry.add("etcdpanel.data-dir", DATA_DIR::toString);
        registry.add("etcdpanel.local.ports", () -> "24000-24299");
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
            EtcdReaper.killAllUnder(DATA_DIR);
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
