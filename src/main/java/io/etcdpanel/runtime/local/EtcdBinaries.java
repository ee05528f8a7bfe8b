package io.etcdpanel.runtime.local;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/** Knows which etcd binaries this host has (the one on PATH and any configured) and their versions. */
@Component
class EtcdBinaries {

    private static final Logger log = LoggerFactory.getLogger(EtcdBinaries.class);
    private static final Pattern VERSION = Pattern.compile("etcd Version:\\s*(\\S+)");

    private final Map<String, Path> byVersion;

    EtcdBinaries(LocalRuntimeProperties properties) {
        this.byVersion = discover(properties);
    }

    /** Versions, newest first. */
    List<String> versions() {
        return byVersion.keySet().stream().sorted(EtcdBinaries::newestFirst).toList();
    }

    Optional<Path> binaryFor(String version) {
        return Optional.ofNullable(byVersion.get(version));
    }

    private static Map<String, Path> discover(LocalRuntimeProperties properties) {
        List<Path> candidates = new ArrayList<>();
        onPath().ifPresent(candidates::add);
        candidates.addAll(properties.etcdPaths());
        Map<String, Path> found = new LinkedHashMap<>();
        for (Path candidate : candidates) {
            readVersion(candidate, properties).ifPresent(version -> found.putIfAbsent(version, candidate.toAbsolutePath()));
        }
        log.info("etcd binaries found: {}", found);
        return found;
    }

    private static Optional<Path> onPath() {
        String path = System.getenv().getOrDefault("PATH", "");
        for (String dir : path.split(":")) {
            if (dir.isEmpty()) {
                continue;
            }
            Path candidate = Path.of(dir, "etcd");
            if (Files.isExecutable(candidate)) {
                return Optional.of(candidate);
            }
        }
        return Optional.empty();
    }

    private static Optional<String> readVersion(Path binary, LocalRuntimeProperties properties) {
        try {
            Process process = new ProcessBuilder(binary.toString(), "--version").redirectErrorStream(true).start();
            if (!process.waitFor(properties.versionTimeout().toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly();
                log.warn("{} --version did not answer within {}", binary, properties.versionTimeout());
                return Optional.empty();
            }
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            Matcher matcher = VERSION.matcher(output);
            return matcher.find() ? Optional.of(matcher.group(1)) : Optional.empty();
        } catch (IOException e) {
            log.warn("cannot run {}: {}", binary, e.getMessage());
            return Optional.empty();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.empty();
        }
    }

    private static int newestFirst(String left, String right) {
        return Comparator.<String, List<Integer>>comparing(EtcdBinaries::numbers, EtcdBinaries::compareNumbers)
                .reversed().compare(left, right);
    }

    private static List<Integer> numbers(String version) {
        List<Integer> numbers = new ArrayList<>();
        for (String part : version.split("[^0-9]+")) {
            if (!part.isEmpty()) {
                numbers.add(Integer.parseInt(part));
            }
        }
        return numbers;
    }

    private static int compareNumbers(List<Integer> left, List<Integer> right) {
        for (int i = 0; i < Math.min(left.size(), right.size()); i++) {
            int compared = Integer.compare(left.get(i), right.get(i));
            if (compared != 0) {
                return compared;
            }
        }
        return Integer.compare(left.size(), right.size());
    }
}
