package io.etcdpanel.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;

import io.etcdpanel.EtcdPanelApplication;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

/** Two replicas declared on the default, embedded H2 catalogue: the panel does not start, and says to use PostgreSQL. */
@ExtendWith(OutputCaptureExtension.class)
class ReplicasOnEmbeddedH2IT {

    @Test
    void twoReplicasOnAnEmbeddedH2RefuseToStartAndSayToUsePostgresql(@TempDir Path dataDir, CapturedOutput output) {
        assertThatThrownBy(() -> new SpringApplicationBuilder(EtcdPanelApplication.class).run("--etcdpanel.replicas=2",
                "--etcdpanel.data-dir=" + dataDir, "--server.port=0", "--server.address=127.0.0.1"))
                .hasRootCauseInstanceOf(ReplicasNeedSharedDatabase.class);
        assertThat(output).contains("APPLICATION FAILED TO START")
                .contains("etcdpanel.replicas is 2 but the catalogue is an embedded H2 database (jdbc:h2:file:" + dataDir)
                .contains("Put the catalogue in PostgreSQL");
    }
}
