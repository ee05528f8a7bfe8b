package io.etcdpanel.support.kube;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ContainerLogServerTest {

    private static final String LOG = """
            --- test node agent, 2026-01-01T00:00:00Z: /usr/bin/etcd --config-file=/etc/etcd-panel/a-0.yaml
            first run
            no such file
            --- test node agent, 2026-01-01T00:00:01Z: /usr/bin/etcd --config-file=/etc/etcd-panel/a-0.yaml
            line 1
            line 2
            line 3
            """;

    @Test
    void servesTheCurrentRunOrThePreviousOneWithoutTheAgentsHeaders() {
        assertThat(ContainerLogServer.section(LOG, false, null)).isEqualTo("line 1\nline 2\nline 3\n");
        assertThat(ContainerLogServer.section(LOG, true, null)).isEqualTo("first run\nno such file\n");
        assertThat(ContainerLogServer.section("--- test node agent, x: etcd\nonly\n", true, null)).isNull();
    }

    @Test
    void tailLinesKeepsTheLastLines() {
        assertThat(ContainerLogServer.section(LOG, false, "2")).isEqualTo("line 2\nline 3\n");
        assertThat(ContainerLogServer.section(LOG, false, "10")).isEqualTo("line 1\nline 2\nline 3\n");
        assertThat(ContainerLogServer.section(LOG, false, "0")).isEmpty();
        assertThat(ContainerLogServer.section("a\nb", false, "1")).isEqualTo("b");
    }
}
