package io.etcdpanel.backup;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.springframework.stereotype.Component;

/**
 * Runs etcd's own snapshot tool: {@code etcdutl} where it exists (etcd 3.5+), else {@code etcdctl}
 * (3.4 keeps {@code snapshot status} and {@code snapshot restore} there), each run time-bounded.
 */
@Component
class EtcdTool {

    /** Runs {@code snapshot <arguments>}; returns its output, or throws with it when the tool refuses. */
    String snapshot(Duration timeout, String... arguments) throws IOException {
        List<String> command = new ArrayList<>(List.of(binary(), "snapshot"));
        command.addAll(List.of(arguments));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        builder.environment().put("ETCDCTL_API", "3");
        Process process = builder.start();
        try {
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly();
                throw new IOException(String.join(" ", command) + " took longer than " + timeout.toSeconds() + " s");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
            throw new IOException("interrupted: " + String.join(" ", command), e);
        }
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
        if (process.exitValue() != 0) {
            throw new InvalidSnapshot("etcd's snapshot " + arguments[0] + " refused the file: " + output);
        }
        return output;
    }

    private static String binary() {
        for (String dir : System.getenv().getOrDefault("PATH", "").split(":")) {
            if (!dir.isEmpty() && Files.isExecutable(Path.of(dir, "etcdutl"))) {
                return Path.of(dir, "etcdutl").toString();
            }
        }
        return "etcdctl";
    }
}
