package io.etcdpanel.support.kube;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/** Runs host tools ({@code ip}, {@code kill}) with a deadline each, and finds them on PATH. */
final class HostCommands {

    private static final Duration DEADLINE = Duration.ofSeconds(15);
    private static final List<String> SYSTEM_PATH = List.of("/usr/local/sbin", "/usr/local/bin", "/usr/sbin", "/usr/bin", "/sbin", "/bin");

    /** The PATH every pod process gets (the container's own env comes on top). */
    static final String PATH = String.join(":", SYSTEM_PATH);

    private HostCommands() {
    }

    /** The command's output; fails with it when the command fails or outlives the deadline. */
    static String run(String... argv) {
        Result result = attempt(argv);
        if (result.exitCode() != 0) {
            throw new IllegalStateException(String.join(" ", argv) + " failed (" + result.exitCode() + "): " + result.output().trim());
        }
        return result.output();
    }

    record Result(int exitCode, String output) {
    }

    /** Runs the command; a failure is returned, not thrown. Output goes through a file, so no pipe can fill up. */
    static Result attempt(String... argv) {
        Path output = null;
        try {
            output = Files.createTempFile("test-node-agent-cmd", ".out");
            Process process = new ProcessBuilder(argv).redirectErrorStream(true).redirectOutput(output.toFile())
                    .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null"))).start();
            if (!process.waitFor(DEADLINE.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly();
                process.waitFor(5, TimeUnit.SECONDS);
                return new Result(-1, String.join(" ", argv) + " did not end within " + DEADLINE.toSeconds() + " s");
            }
            return new Result(process.exitValue(), Files.readString(output, StandardCharsets.UTF_8));
        } catch (IOException e) {
            return new Result(-1, e.toString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Result(-1, "interrupted");
        } finally {
            if (output != null) {
                try {
                    Files.deleteIfExists(output);
                } catch (IOException e) {
                    // a temp file left behind
                }
            }
        }
    }

    /** The absolute path of a tool on the JVM's PATH or in the system directories; fails when there is none. */
    static String which(String tool) {
        String found = find(tool);
        if (found == null) {
            throw new IllegalStateException("no " + tool + " on PATH or in " + SYSTEM_PATH);
        }
        return found;
    }

    /** The absolute path of a tool, or null. */
    static String find(String tool) {
        if (tool.contains("/")) {
            return Files.isExecutable(Path.of(tool)) ? tool : null;
        }
        String path = System.getenv().getOrDefault("PATH", "");
        return Stream.concat(Stream.of(path.split(File.pathSeparator)), SYSTEM_PATH.stream())
                .filter(dir -> !dir.isEmpty())
                .map(dir -> Path.of(dir, tool))
                .filter(Files::isExecutable)
                .map(Path::toString)
                .findFirst().orElse(null);
    }

    static void deleteRecursively(Path path) {
        if (!Files.exists(path, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(path)) {
            paths.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException | UncheckedIOException e) {
            // gone meanwhile
        }
    }
}
