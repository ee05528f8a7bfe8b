package io.etcdpanel.support;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Runs a release's own snapshot tool ({@code etcdutl}; {@code etcdctl} on 3.4) on snapshot files, as an operator would; a
 * failure fails the test with its output.
 */
public final class SnapshotTool {

    private static final long TIMEOUT_SECONDS = 60;

    private SnapshotTool() {
    }

    /** The output of {@code snapshot <arguments>} run by that release's tool, once it exited 0 within a minute. */
    public static String run(String version, String... arguments) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(HostReleases.of(version).snapshotTool().toString(), "snapshot"));
        command.addAll(List.of(arguments));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        builder.environment().put("ETCDCTL_API", "3");
        Process process = builder.start();
        assertThat(process.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)).as(String.join(" ", command) + " ended").isTrue();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.exitValue()).as(output).isZero();
        return output;
    }
}
