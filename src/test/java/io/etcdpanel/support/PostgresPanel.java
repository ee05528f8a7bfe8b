package io.etcdpanel.support;

import java.nio.file.Path;

import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The real panel on a real PostgreSQL, configured as production is (the usual {@code spring.datasource.*}): a fresh
 * database of this JVM's {@link PostgresServer}, migrated by Flyway at start and validated by Hibernate. The
 * integration tests that extend this share one application context, so one database, as those of {@link RunningPanel}
 * share one H2 file; its data dir and member ports are its own, apart from the H2 panel's.
 */
public abstract class PostgresPanel extends PanelUnderTest {

    protected static final Path DATA_DIR = temporaryDirectory("etcdpanel-it-pg-");

    @DynamicPropertySource
    static void postgresPanelProperties(DynamicPropertyRegistry registry) {
        localPanel(registry, DATA_DIR, "24300-24599");
        PostgresServer.Database database = PostgresServer.shared().createDatabase("panel");
        registry.add("spring.datasource.url", database::url);
        registry.add("spring.datasource.username", database::username);
        registry.add("spring.datasource.password", database::password);
    }

    @Override
    protected Path dataDir() {
        return DATA_DIR;
    }
}
