package io.etcdpanel.runtime.local;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.util.unit.DataSize;

/** A member's log past the configured size is set aside when the member starts, and the new start is marked. */
class EtcdProcessesTest {

    @TempDir
    Path dir;

    @Test
    void aLogPastItsSizeIsKeptAsTheOneBeforeWhenTheMemberStarts() throws IOException {
        MemberDirectory member = new MemberDirectory(dir.resolve("c-0"));
        Files.createDirectories(member.root());
        Files.writeString(member.logFile(), "x".repeat(2048));
        EtcdProcesses processes = new EtcdProcesses(new LocalRuntimeProperties(PortRange.parse("23000-23999"),
                Duration.ofSeconds(10), DataSize.ofKilobytes(1)));

        // /bin/true stands in for etcd: what is checked happens before the binary runs.
        ProcessHandle started = processes.launch(member, Path.of("/bin/true"), List.of());
        started.onExit().join();

        assertThat(member.logFile().resolveSibling("etcd.log.1")).hasContent("x".repeat(2048));
        assertThat(Files.readString(member.logFile())).startsWith("--- etcd-panel starts c-0 at ");
        assertThat(Files.readString(member.pidFile())).isEqualTo(Long.toString(started.pid()));
    }
}
