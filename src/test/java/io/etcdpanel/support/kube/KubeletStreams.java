package io.etcdpanel.support.kube;

import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The kubelet's streaming endpoint of the agent's node, for {@code pods/portforward}: {@code test-kubelet-streams}
 * (built by bin/kube-tools from tools/kubernetes, with the kubelet's own port-forward code) listening with HTTPS on
 * the bridge address, dialling a pod's address that the log server names at {@code /podAddress/<ns>/<pod>}, and
 * handing every other path to the log server. Carries the agent's marker ({@code <prefix>:kubelet-streams}), so a
 * sweep kills it.
 */
final class KubeletStreams implements AutoCloseable {

    private static final Duration START_DEADLINE = Duration.ofSeconds(10);
    private static final Duration STOP_DEADLINE = Duration.ofSeconds(5);

    private final Process process;
    private final int port;

    KubeletStreams(Path binary, String prefix, String bindIp, int logServerPort, Path log) throws IOException {
        ProcessBuilder builder = new ProcessBuilder(binary.toString(), "-listen", bindIp + ":0",
                "-backend", "https://" + bindIp + ":" + logServerPort)
                .redirectError(ProcessBuilder.Redirect.appendTo(log.toFile()))
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
        builder.environment().clear();
        builder.environment().put("PATH", HostCommands.PATH);
        builder.environment().put(AgentHost.MARKER, prefix + ":kubelet-streams");
        Files.createDirectories(log.getParent());
        process = builder.start();
        // its first line: "listening on <ip>:<port>"
        CompletableFuture<String> first = CompletableFuture.supplyAsync(() -> {
            try {
                return new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8)).readLine();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
        try {
            String line = first.get(START_DEADLINE.toMillis(), TimeUnit.MILLISECONDS);
            if (line == null || !line.startsWith("listening on ")) {
                throw new IOException(binary + " did not start (" + line + "); see " + log);
            }
            port = Integer.parseInt(line.substring(line.lastIndexOf(':') + 1).trim());
        } catch (ExecutionException | TimeoutException e) {
            close();
            throw new IOException(binary + " did not say where it listens within " + START_DEADLINE + "; see " + log, e);
        } catch (InterruptedException e) {
            close();
            Thread.currentThread().interrupt();
            throw new IOException(e);
        } catch (IOException | RuntimeException e) {
            close();
            throw e;
        }
    }

    int port() {
        return port;
    }

    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(STOP_DEADLINE.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly();
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }
}
