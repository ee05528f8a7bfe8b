package io.etcdpanel.runtime.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.Set;

import org.junit.jupiter.api.Test;

/** Ports come from the configured range; held ones and ones in use are skipped. */
class PortRangeTest {

    @Test
    void aRangeIsReadFromItsWrittenForm() {
        assertThat(PortRange.parse("23000-23999")).isEqualTo(new PortRange(23000, 23999));
        assertThatThrownBy(() -> PortRange.parse("23000")).hasMessageContaining("first-last");
        assertThatThrownBy(() -> PortRange.parse("5-1")).hasMessageContaining("first <= last");
    }

    @Test
    void aPortInUseOrHeldByAMemberIsSkipped() throws IOException {
        try (ServerSocket taken = takenWithTwoFreeAfter()) {
            int port = taken.getLocalPort();
            PortAllocator allocator = new PortAllocator(new LocalRuntimeProperties(new PortRange(port, port + 2),
                    java.time.Duration.ofSeconds(1),
                    org.springframework.util.unit.DataSize.ofMegabytes(64)));
            assertThat(allocator.next(Set.of(port + 1))).isEqualTo(port + 2);
            assertThatThrownBy(() -> allocator.next(Set.of(port + 1, port + 2))).hasMessageContaining("no free port left");
        }
    }

    /** A port this test holds whose next two are free: the range under test must hold no stranger's port. */
    private static ServerSocket takenWithTwoFreeAfter() throws IOException {
        for (int attempt = 0; attempt < 50; attempt++) {
            ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
            if (free(taken.getLocalPort() + 1) && free(taken.getLocalPort() + 2)) {
                return taken;
            }
            taken.close();
        }
        throw new IllegalStateException("no port with two free ones after it on this host");
    }

    private static boolean free(int port) {
        try (ServerSocket probe = new ServerSocket(port, 1, InetAddress.getLoopbackAddress())) {
            return true;
        } catch (IOException e) {
            return false;
        }
    }
}
