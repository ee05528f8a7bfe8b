package io.etcdpanel.support;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

import io.etcdpanel.etcd.EtcdRelease;
import io.etcdpanel.etcd.EtcdReleaseProperties;
import io.etcdpanel.etcd.EtcdReleases;

/**
 * The etcd releases on this host, found as the panel finds them: the tools cache {@code bin/etcd-tools} fills (its
 * default place, as in application.properties), then the etcd on PATH; and the release new local clusters get.
 */
public final class HostReleases {

    /** What the local runtime gives a cluster that names no version: the newest 3.6, pinned by tools/etcd-3.6. */
    public static final String DEFAULT = "3.6.17";
    /** The newest patch of each supported minor, as tools/etcd-3.x pin them. */
    public static final List<String> SUPPORTED = List.of("3.5.36", "3.6.17", "3.7.4");

    private static final EtcdReleases RELEASES = new EtcdReleases(new EtcdReleaseProperties(toolsDir(), List.of(), Duration.ofSeconds(10)));

    private HostReleases() {
    }

    /** The release, which must be here (bin/test builds them with bin/etcd-tools). */
    public static EtcdRelease of(String version) {
        return find(version).orElseThrow(() -> new IllegalStateException(
                "no etcd " + version + " in " + toolsDir() + " or on PATH: run bin/etcd-tools"));
    }

    public static Optional<EtcdRelease> find(String version) {
        return RELEASES.release(version);
    }

    private static Path toolsDir() {
        String cache = System.getenv("XDG_CACHE_HOME");
        return (cache == null || cache.isBlank() ? Path.of(System.getProperty("user.home"), ".cache") : Path.of(cache))
                .resolve("etcd-panel/tools");
    }
}
