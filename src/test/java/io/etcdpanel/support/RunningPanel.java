package io.etcdpanel.support;

import java.nio.file.Path;

import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The real panel on H2 (a file under its data dir, the embedded default), shared by the integration tests that extend
 * this (one application context).
 */
public abstract class RunningPanel extends PanelUnderTest {

    protected static final Path DATA_DIR = temporaryDirectory("etcdpanel-it-");

    @DynamicPropertySource
    static void panelProperties(DynamicPropertyRegistry registry) {
        localPanel(registry, DATA_DIR, "24000-24299");
    }

    @Override
    protected Path dataDir() {
        return DATA_DIR;
    }
}
