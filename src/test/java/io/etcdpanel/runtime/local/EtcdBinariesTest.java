package io.etcdpanel.runtime.local;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Versions come from each binary's own {@code etcd --version}: the one on PATH and the configured ones. */
class EtcdBinariesTest {

    @TempDir
    Path dir;

    @Test
    void configuredBinariesAreOfferedBesideTheOneOnPathNewestFirst() throws IOException {
        // A stand-in binary: only its --version answer matters here, and a real etcd 3.9 cannot be had on this machine.
        Path newer = dir.resolve("etcd-3.9");
        Files.writeString(newer, "#!/bin/sh\necho 'etcd Version: 3.9.1'\necho 'Git SHA: 0'\n");
        Files.setPosixFilePermissions(newer, PosixFilePermissions.fromString("rwxr-xr-x"));
        Path broken = dir.resolve("not-etcd");
        Files.writeString(broken, "#!/bin/sh\necho hello\n");
        Files.setPosixFilePermissions(broken, PosixFilePermissions.fromString("rwxr-xr-x"));

        EtcdBinaries binaries = new EtcdBinaries(new LocalRuntimeProperties(PortRange.parse("23000-23999"),
                List.of(newer, broken, dir.resolve("missing")), Duration.ofSeconds(10), Duration.ofSeconds(5),
                org.springframework.util.unit.DataSize.ofMegabytes(64)));

        assertThat(binaries.versions()).containsExactly("3.9.1", "3.4.23");
        assertThat(binaries.binaryFor("3.9.1")).contains(newer.toAbsolutePath());
        assertThat(binaries.binaryFor("3.4.23")).contains(Path.of("/usr/bin/etcd"));
    }
}
