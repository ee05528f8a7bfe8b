package io.etcdpanel.etcd;

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
import java.util.stream.Stream;

import io.etcdpanel.catalogue.EtcdVersion;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;

/**
 * Knows which etcd releases this host has, each by its own {@code etcd --version}: the configured binaries, the
 * releases in the tools cache, and the etcd on PATH (Debian's); and which release's tools fit data of a version.
 */
@Component
public class EtcdReleases {

    private static final Logger log = LoggerFactory.getLogger(EtcdReleases.class);
    private static final Pattern VERSION = Pattern.compile("etcd Version:\\s*(\\S+)");

    private final Map<String, EtcdRelease> byVersion;

    @Autowired
    public EtcdReleases(EtcdReleaseProperties properties) {
        this(discover(properties));
    }

    EtcdReleases(List<EtcdRelease> releases) {
        Map<String, EtcdRelease> known = new LinkedHashMap<>();
        releases.forEach(release -> known.putIfAbsent(release.version().toString(), release));
        this.byVersion = Map.copyOf(known);
    }

    /** Every release, newest first. */
    public List<EtcdRelease> all() {
        return byVersion.values().stream().sorted(Comparator.comparing(EtcdRelease::version).reversed()).toList();
    }

    public Optional<EtcdRelease> release(String version) {
        return Optional.ofNullable(byVersion.get(version));
    }

    /**
     * The release whose tools read and lay down data of {@code version}: the newest patch of its own minor, else the
     * oldest newer release (newer tools read older snapshots); refused when there is none.
     */
    public EtcdRelease toolsFor(String version) {
        EtcdVersion wanted = EtcdVersion.parse(version);
        List<EtcdRelease> withTools = all().stream().filter(release -> release.snapshotTool() != null).toList();
        return withTools.stream().filter(release -> release.sameMinor(wanted)).findFirst()
                .or(() -> withTools.stream().filter(release -> release.version().compareTo(wanted) > 0)
                        .min(Comparator.comparing(EtcdRelease::version)))
                .orElseThrow(() -> new IllegalStateException("no etcd tools here for data of etcd " + version
                        + "; build them with bin/etcd-tools " + wanted.major() + "." + wanted.minor()));
    }

    /** In the order they are looked for: a configured binary wins over a cached one of the same version. */
    private static List<EtcdRelease> discover(EtcdReleaseProperties properties) {
        List<Path> candidates = new ArrayList<>(properties.etcdPaths());
        candidates.addAll(cached(properties.toolsDir()));
        onPath().ifPresent(candidates::add);
        List<EtcdRelease> found = new ArrayList<>();
        for (Path candidate : candidates) {
            Path etcd = candidate.toAbsolutePath();
            readVersion(etcd, properties).ifPresent(version -> found.add(
                    new EtcdRelease(EtcdVersion.parse(version), etcd, sibling(etcd, "etcdctl"), sibling(etcd, "etcdutl"))));
        }
        log.info("etcd releases found: {}", found);
        return found;
    }

    /** The server of each release in the tools cache, {@code <tools-dir>/etcd-<version>/etcd}. */
    private static List<Path> cached(Path toolsDir) {
        if (toolsDir == null || !Files.isDirectory(toolsDir)) {
            return List.of();
        }
        try (Stream<Path> entries = Files.list(toolsDir)) {
            return entries.filter(dir -> dir.getFileName().toString().startsWith("etcd-")).map(dir -> dir.resolve("etcd"))
                    .filter(Files::isExecutable).sorted().toList();
        } catch (IOException e) {
            log.warn("cannot list {}: {}", toolsDir, e.getMessage());
            return List.of();
        }
    }

    private static Optional<Path> onPath() {
        for (String dir : System.getenv().getOrDefault("PATH", "").split(":")) {
            if (!dir.isEmpty() && Files.isExecutable(Path.of(dir, "etcd"))) {
                return Optional.of(Path.of(dir, "etcd"));
            }
        }
        return Optional.empty();
    }

    private static Path sibling(Path etcd, String tool) {
        Path path = etcd.resolveSibling(tool);
        return Files.isExecutable(path) ? path : null;
    }

    private static Optional<String> readVersion(Path binary, EtcdReleaseProperties properties) {
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
}
