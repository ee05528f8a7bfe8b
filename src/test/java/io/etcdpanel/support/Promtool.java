package io.etcdpanel.support;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Runs Prometheus's promtool (Debian's {@code prometheus} package, installed by {@code bin/provision --test}).
 * Without it a test fails and says how to get it: the alerts and the scrape are checked in every build, never skipped.
 */
public final class Promtool {

    private static final long TIMEOUT_SECONDS = 60;

    private Promtool() {
    }

    /** What promtool answered: its exit code and its output and errors together. */
    public record Result(int exitCode, String output) {
        public boolean passed() {
            return exitCode == 0;
        }
    }

    public static Result run(Path directory, String stdin, String... arguments) {
        List<String> command = new ArrayList<>();
        command.add(binary());
        command.addAll(List.of(arguments));
        try {
            Process process = new ProcessBuilder(command).directory(directory.toFile()).redirectErrorStream(true).start();
            try (OutputStream in = process.getOutputStream()) {
                if (stdin != null) {
                    in.write(stdin.getBytes(StandardCharsets.UTF_8));
                }
            }
            // promtool prints little; reading it all before waiting cannot block on a full pipe
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!process.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new AssertionError("promtool " + String.join(" ", arguments) + " did not end within " + TIMEOUT_SECONDS + " s");
            }
            return new Result(process.exitValue(), output);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static String binary() {
        for (String dir : System.getenv().getOrDefault("PATH", "").split(java.io.File.pathSeparator)) {
            Path candidate = Path.of(dir.isEmpty() ? "." : dir, "promtool");
            if (Files.isExecutable(candidate)) {
                return candidate.toString();
            }
        }
        throw new AssertionError("promtool is not on PATH: install Debian's prometheus package (bin/provision --test does, as root), "
                + "or put Prometheus's promtool on PATH");
    }
}
