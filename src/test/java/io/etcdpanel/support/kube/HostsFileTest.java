package io.etcdpanel.support.kube;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HostsFileTest {

    @Test
    void namesEveryPodOfTheNamespaceWithAHostnameAndSubdomainAndTheOwnShortName() {
        HostsFile.Entry self = new HostsFile.Entry("etcd", "orders-0", "orders", "10.9.0.2");
        List<HostsFile.Entry> pods = List.of(self,
                new HostsFile.Entry("etcd", "orders-1", "orders", "10.9.0.3"),
                new HostsFile.Entry("other", "orders-2", "orders", "10.9.0.4"),
                new HostsFile.Entry("etcd", "loner", null, "10.9.0.5"));

        String hosts = HostsFile.render(self, pods);

        assertThat(hosts).contains("127.0.0.1\tlocalhost\n")
                .contains("10.9.0.2\torders-0.orders.etcd.svc.cluster.local orders-0.orders.etcd.svc orders-0\n")
                .contains("10.9.0.3\torders-1.orders.etcd.svc.cluster.local orders-1.orders.etcd.svc\n")
                .doesNotContain("10.9.0.4").doesNotContain("10.9.0.5");
    }

    @Test
    void rewritesTheSameInodeSoABindMountOfItSeesTheChange(@TempDir Path dir) throws Exception {
        Path file = Files.writeString(dir.resolve("hosts"), "old\n");
        Object inode = Files.getAttribute(file, "unix:ino");

        HostsFile.writeInPlace(file, "new content\n");

        assertThat(Files.readString(file)).isEqualTo("new content\n");
        assertThat(Files.getAttribute(file, "unix:ino")).isEqualTo(inode);
        assertThat(HostsFile.writeInPlace(dir.resolve("gone"), "x")).isFalse();
    }
}
