package io.etcdpanel.etcd;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;

import io.etcdpanel.catalogue.EtcdVersion;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Releases come from each binary's own {@code etcd --version}: configured ones, the tools cache's {@code etcd-<version>}
 * directories, the one on PATH; snapshots are handled with the tools of their own minor, else the oldest newer ones.
 */
class EtcdReleasesTest {

    @TempDir
    Path dir;

    @Test
    void configuredAndCachedReleasesAreOfferedBesideTheOneOnPathNewestFirst() throws IOException {
        // Stand-in binaries: only their --version answer matters here, and a real etcd 3.9 cannot be had on this machine.
        Path configured = standIn(dir.resolve("own/etcd"), "3.9.1");
        standIn(dir.resolve("own/etcdctl"), "3.9.1");
        Path cached = standIn(dir.resolve("tools/etcd-3.8.2/etcd"), "3.8.2");
        standIn(dir.resolve("tools/etcd-3.8.2/etcdctl"), "3.8.2");
        standIn(dir.resolve("tools/etcd-3.8.2/etcdutl"), "3.8.2");
        Path broken = dir.resolve("not-etcd");
        Files.writeString(broken, "#!/bin/sh\necho hello\n");
        Files.setPosixFilePermissions(broken, PosixFilePermissions.fromString("rwxr-xr-x"));

        EtcdReleases releases = new EtcdReleases(new EtcdReleaseProperties(dir.resolve("tools"),
                List.of(configured, broken, dir.resolve("missing")), Duration.ofSeconds(5)));

        assertThat(releases.all()).extracting(release -> release.version().toString()).containsExactly("3.9.1", "3.8.2", "3.4.23");
        assertThat(releases.release("3.9.1")).get().extracting(EtcdRelease::etcd, EtcdRelease::etcdutl)
                .containsExactly(configured.toAbsolutePath(), null);
        assertThat(releases.release("3.8.2")).get().extracting(EtcdRelease::etcd, EtcdRelease::etcdutl)
                .containsExactly(cached.toAbsolutePath(), cached.resolveSibling("etcdutl").toAbsolutePath());
        assertThat(releases.release("3.4.23")).get().extracting(EtcdRelease::etcd).isEqualTo(Path.of("/usr/bin/etcd"));
    }

    @Test
    void snapshotsAreReadWithTheToolsOfTheirOwnMinorElseTheOldestNewer() {
        EtcdReleases releases = new EtcdReleases(List.of(release("3.7.4"), release("3.6.17"), release("3.6.9"), release("3.5.36")));

        assertThat(releases.toolsFor("3.6.2").version()).isEqualTo(EtcdVersion.parse("3.6.17"));
        assertThat(releases.toolsFor("3.4.23").version()).isEqualTo(EtcdVersion.parse("3.5.36"));
        assertThatThrownBy(() -> releases.toolsFor("3.8.0")).hasMessageContaining("bin/etcd-tools 3.8");
    }

    private EtcdRelease release(String version) {
        Path home = dir.resolve("etcd-" + version);
        return new EtcdRelease(EtcdVersion.parse(version), home.resolve("etcd"), home.resolve("etcdctl"), home.resolve("etcdutl"));
    }

    private static Path standIn(Path path, String version) throws IOException {
        Files.createDirectories(path.getParent());
        Files.writeString(path, "#!/bin/sh\necho 'etcd Version: " + version + "'\necho 'Git SHA: 0'\n");
        Files.setPosixFilePermissions(path, PosixFilePermissions.fromString("rwxr-xr-x"));
        return path;
    }
}
