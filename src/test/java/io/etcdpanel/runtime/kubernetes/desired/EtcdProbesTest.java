package io.etcdpanel.runtime.kubernetes.desired;

import io.etcdpanel.catalogue.EtcdVersion;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.etcdpanel.runtime.kubernetes.desired.EtcdProbes.HealthApi;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.Probe;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class EtcdProbesTest {

    @ParameterizedTest
    @CsvSource({
            "3.4.0, HEALTH",
            "3.4.23, HEALTH",
            "3.4.37, HEALTH",
            "3.5.0, HEALTH",
            "3.5.2, HEALTH",
            "3.5.3, HEALTH_SERIALIZABLE",
            "3.5.10, HEALTH_SERIALIZABLE",
            "3.5.11, LIVEZ_READYZ",
            "3.5.21, LIVEZ_READYZ",
            "v3.5.11, LIVEZ_READYZ",
            "3.6.0, LIVEZ_READYZ",
            "3.6.0-rc.2, LIVEZ_READYZ",
            "3.6, LIVEZ_READYZ",
            "4.0.0, LIVEZ_READYZ",
    })
    void healthApiFollowsTheRelease(String version, HealthApi expected) {
        assertThat(EtcdProbes.healthApi(version)).isEqualTo(expected);
    }

    @Test
    void versionThatIsNoReleaseIsRefused() {
        assertThatThrownBy(() -> EtcdProbes.healthApi("latest")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("latest");
    }

    @Test
    void etcd34IsReadyOnHealthAndAliveWhileItsClientPortAccepts() {
        Probe readiness = EtcdProbes.readiness("3.4.23");
        Probe liveness = EtcdProbes.liveness("3.4.23");

        assertThat(readiness.getHttpGet().getPath()).isEqualTo("/health");
        assertThat(readiness.getHttpGet().getPort()).isEqualTo(new IntOrString("client"));
        assertThat(readiness.getHttpGet().getScheme()).isEqualTo("HTTP");
        // /health needs a leader on 3.4: a liveness probe on it would restart every member while quorum is lost
        assertThat(liveness.getHttpGet()).isNull();
        assertThat(liveness.getTcpSocket().getPort()).isEqualTo(new IntOrString("client"));
        assertThat(EtcdProbes.startup("3.4.23").getTcpSocket().getPort()).isEqualTo(new IntOrString("client"));
    }

    @Test
    void etcd35BeforeLivezIsAliveOnASerializableHealthCheck() {
        assertThat(EtcdProbes.readiness("3.5.9").getHttpGet().getPath()).isEqualTo("/health");
        assertThat(EtcdProbes.liveness("3.5.9").getHttpGet().getPath()).isEqualTo("/health?serializable=true");
        assertThat(EtcdProbes.startup("3.5.9").getHttpGet().getPath()).isEqualTo("/health?serializable=true");
    }

    @Test
    void etcd3511AndLaterUseReadyzAndLivez() {
        Probe readiness = EtcdProbes.readiness("3.5.11");
        Probe liveness = EtcdProbes.liveness("3.6.4");

        assertThat(readiness.getHttpGet().getPath()).isEqualTo("/readyz");
        assertThat(readiness.getHttpGet().getPort()).isEqualTo(new IntOrString("client"));
        assertThat(liveness.getHttpGet().getPath()).isEqualTo("/livez");
        assertThat(liveness.getHttpGet().getPort()).isEqualTo(new IntOrString("client"));
        assertThat(EtcdProbes.startup("3.6.4").getHttpGet().getPath()).isEqualTo("/livez");
    }

    @Test
    void timingGivesAStartingMemberMinutesAndARunningOneAMinute() {
        Probe readiness = EtcdProbes.readiness("3.5.21");
        Probe liveness = EtcdProbes.liveness("3.5.21");
        Probe startup = EtcdProbes.startup("3.5.21");

        assertThat(readiness.getPeriodSeconds() * readiness.getFailureThreshold()).isEqualTo(15);
        assertThat(liveness.getPeriodSeconds() * liveness.getFailureThreshold()).isEqualTo(60);
        assertThat(startup.getPeriodSeconds() * startup.getFailureThreshold()).isEqualTo(300);
        assertThat(liveness.getTimeoutSeconds()).isLessThan(liveness.getPeriodSeconds());
    }

    @Test
    void versionsCompareByNumberNotText() {
        assertThat(EtcdVersion.parse("3.5.11")).isGreaterThan(EtcdVersion.parse("3.5.9"));
        assertThat(EtcdVersion.parse("v3.10.0")).isGreaterThan(EtcdVersion.parse("3.9.99"));
        assertThat(EtcdVersion.parse("3.6")).isEqualTo(new EtcdVersion(3, 6, 0));
    }
}
