package io.etcdpanel.runtime.kubernetes.desired;

import io.etcdpanel.catalogue.EtcdVersion;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.Probe;
import io.fabric8.kubernetes.api.model.ProbeBuilder;

/** Chooses a member's readiness, liveness and startup probes by what its etcd version answers. */
public final class EtcdProbes {

    /** What a member's client port offers for health, by release. */
    public enum HealthApi {
        /**
         * Before 3.5.3 (all of 3.4): only {@code /health}, which fails whenever the member has no leader
         * (checked on 3.4.23, which also ignores {@code ?serializable=true}). Restarting members does not
         * bring a lost quorum back, so liveness is only "the client port accepts connections".
         */
        HEALTH,
        /** 3.5.3 to 3.5.10: {@code /health?serializable=true} answers from the member alone, without a leader. */
        HEALTH_SERIALIZABLE,
        /** 3.5.11 and later: {@code /livez} (the member serves local reads) and {@code /readyz} (it is part of a quorum). */
        LIVEZ_READYZ
    }

    private static final IntOrString CLIENT_PORT = new IntOrString("client");

    private EtcdProbes() {
    }

    public static HealthApi healthApi(String version) {
        EtcdVersion release = EtcdVersion.parse(version);
        if (release.atLeast(3, 5, 11)) {
            return HealthApi.LIVEZ_READYZ;
        }
        return release.atLeast(3, 5, 3) ? HealthApi.HEALTH_SERIALIZABLE : HealthApi.HEALTH;
    }

    /** Ready: the member answers a linearizable read, so it is in a quorum and worth sending clients to. */
    public static Probe readiness(String version) {
        String path = healthApi(version) == HealthApi.LIVEZ_READYZ ? "/readyz" : "/health";
        return new ProbeBuilder()
                .withNewHttpGet().withPath(path).withPort(CLIENT_PORT).withScheme("HTTP").endHttpGet()
                .withPeriodSeconds(5)
                .withTimeoutSeconds(3)
                .withFailureThreshold(3)
                .build();
    }

    /** Alive: the member itself works, whatever its peers do; a minute of failures restarts it. */
    public static Probe liveness(String version) {
        return alive(new ProbeBuilder(), version)
                .withPeriodSeconds(10)
                .withTimeoutSeconds(5)
                .withFailureThreshold(6)
                .build();
    }

    /** Gives a member up to five minutes to replay its log and open its ports before liveness counts. */
    public static Probe startup(String version) {
        return alive(new ProbeBuilder(), version)
                .withPeriodSeconds(10)
                .withTimeoutSeconds(5)
                .withFailureThreshold(30)
                .build();
    }

    private static ProbeBuilder alive(ProbeBuilder probe, String version) {
        return switch (healthApi(version)) {
            case LIVEZ_READYZ -> probe.withNewHttpGet().withPath("/livez").withPort(CLIENT_PORT).withScheme("HTTP").endHttpGet();
            case HEALTH_SERIALIZABLE -> probe.withNewHttpGet().withPath("/health?serializable=true").withPort(CLIENT_PORT)
                    .withScheme("HTTP").endHttpGet();
            case HEALTH -> probe.withNewTcpSocket().withPort(CLIENT_PORT).endTcpSocket();
        };
    }
}
