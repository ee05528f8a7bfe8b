package io.etcdpanel.support.kube;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerPort;
import io.fabric8.kubernetes.api.model.HTTPGetAction;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.Probe;

/**
 * One probe of one container run, as a kubelet runs it from the host: httpGet (200-399 passes) or tcpSocket on the
 * pod's address, after initialDelaySeconds, every periodSeconds (at most {@code maxPeriod}, so tests need not wait out
 * production periods), with timeoutSeconds and the success and failure thresholds.
 */
final class ContainerProbe {

    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(1)).build();

    private final Probe probe;
    private final Container container;
    private final String podIp;
    private final Runnable onChange;
    private volatile Boolean passing;
    private int successes;
    private int failures;
    private volatile String lastFailure = "";
    private ScheduledFuture<?> schedule;

    /** Fails when the probe is of a kind the agent cannot run (exec, grpc, https). */
    static void check(Probe probe, String kind) throws ContainerConfigException {
        if (probe == null) {
            return;
        }
        if (probe.getHttpGet() == null && probe.getTcpSocket() == null) {
            throw new ContainerConfigException(kind + " probe: only httpGet and tcpSocket are supported by the test node agent");
        }
        if (probe.getHttpGet() != null && probe.getHttpGet().getScheme() != null
                && !"HTTP".equalsIgnoreCase(probe.getHttpGet().getScheme())) {
            throw new ContainerConfigException(kind + " probe: scheme " + probe.getHttpGet().getScheme() + " is not supported");
        }
    }

    ContainerProbe(Probe probe, Container container, String podIp, Runnable onChange) {
        this.probe = probe;
        this.container = container;
        this.podIp = podIp;
        this.onChange = onChange;
    }

    void start(ScheduledExecutorService probes, Duration maxPeriod) {
        long period = Math.min(seconds(probe.getPeriodSeconds(), 10) * 1000, maxPeriod.toMillis());
        schedule = probes.scheduleWithFixedDelay(this::probeOnce, seconds(probe.getInitialDelaySeconds(), 0) * 1000,
                Math.max(period, 100), TimeUnit.MILLISECONDS);
    }

    void stop() {
        if (schedule != null) {
            schedule.cancel(false);
        }
    }

    /** Null until the thresholds decide (readiness counts that as not ready, liveness as alive), then the decision. */
    Boolean passing() {
        return passing;
    }

    String lastFailure() {
        return lastFailure;
    }

    private void probeOnce() {
        boolean ok;
        try {
            ok = probe.getHttpGet() != null ? httpGet(probe.getHttpGet()) : tcp();
        } catch (RuntimeException e) {
            lastFailure = e.toString();
            ok = false;
        }
        Boolean before = passing;
        if (ok) {
            failures = 0;
            if (++successes >= seconds(probe.getSuccessThreshold(), 1)) {
                passing = true;
            }
        } else {
            successes = 0;
            if (++failures >= seconds(probe.getFailureThreshold(), 3)) {
                passing = false;
            }
        }
        if (before != passing) {
            onChange.run();
        }
    }

    private boolean httpGet(HTTPGetAction action) {
        String host = action.getHost() == null || action.getHost().isEmpty() ? podIp : action.getHost();
        String path = action.getPath() == null || action.getPath().isEmpty() ? "/" : action.getPath();
        URI uri = URI.create("http://" + host + ":" + port(action.getPort()) + (path.startsWith("/") ? path : "/" + path));
        HttpRequest.Builder request = HttpRequest.newBuilder(uri).timeout(timeout()).GET();
        if (action.getHttpHeaders() != null) {
            action.getHttpHeaders().forEach(header -> request.header(header.getName(), header.getValue()));
        }
        try {
            HttpResponse<String> response = HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
            boolean ok = response.statusCode() >= 200 && response.statusCode() < 400;
            if (!ok) {
                lastFailure = "HTTP " + response.statusCode() + " from " + uri + ": " + response.body().strip();
            }
            return ok;
        } catch (IOException e) {
            lastFailure = uri + ": " + e;
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private boolean tcp() {
        int port = port(probe.getTcpSocket().getPort());
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(podIp, port), (int) timeout().toMillis());
            return true;
        } catch (IOException e) {
            lastFailure = podIp + ":" + port + ": " + e;
            return false;
        }
    }

    private int port(IntOrString port) {
        if (port.getIntVal() != null) {
            return port.getIntVal();
        }
        if (container.getPorts() != null) {
            for (ContainerPort candidate : container.getPorts()) {
                if (port.getStrVal().equals(candidate.getName())) {
                    return candidate.getContainerPort();
                }
            }
        }
        throw new IllegalStateException("no container port named " + port.getStrVal());
    }

    private Duration timeout() {
        return Duration.ofSeconds(seconds(probe.getTimeoutSeconds(), 1));
    }

    private static long seconds(Integer value, int otherwise) {
        return value == null || value <= 0 ? otherwise : value;
    }
}
