package io.etcdpanel.support.kube;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import org.junit.jupiter.api.Test;

class ContainerCommandTest {

    private static final Map<String, String> EXECUTABLES = Map.of("/usr/local/bin/etcd", "/usr/bin/etcd");
    private static final ContainerCommand.PodFacts FACTS = new ContainerCommand.PodFacts("10.1.2.3", "10.1.2.1", "node");

    @Test
    void expandsDefinedVariablesKeepsUndefinedOnesAndUnescapesDoubleDollars() {
        Map<String, String> env = Map.of("POD_NAME", "orders-1", "EMPTY", "");

        assertThat(ContainerCommand.expand("--config-file=/etc/etcd-panel/$(POD_NAME).yaml", env))
                .isEqualTo("--config-file=/etc/etcd-panel/orders-1.yaml");
        assertThat(ContainerCommand.expand("$(MISSING)-$(EMPTY)-$$(POD_NAME)-$$-$x-$(unclosed", env))
                .isEqualTo("$(MISSING)--$(POD_NAME)-$-$x-$(unclosed");
        assertThat(ContainerCommand.expand("ends with $", env)).isEqualTo("ends with $");
    }

    @Test
    void commandIsTheHostBinaryForTheImagePathWithArgsExpandedFromEnvAndFieldRefs() throws Exception {
        Container container = new ContainerBuilder().withName("etcd").withImage("gcr.io/etcd-development/etcd:v3.5.21")
                .withCommand("/usr/local/bin/etcd")
                .withArgs("--config-file=/etc/etcd-panel/$(POD_NAME).yaml", "--advertise=http://$(POD_IP):2379", "$(GREETING)")
                .addNewEnv().withName("POD_NAME").withNewValueFrom().withNewFieldRef().withFieldPath("metadata.name").endFieldRef().endValueFrom().endEnv()
                .addNewEnv().withName("POD_IP").withNewValueFrom().withNewFieldRef().withFieldPath("status.podIP").endFieldRef().endValueFrom().endEnv()
                .addNewEnv().withName("GREETING").withValue("hello $(POD_NAME) in $(NS)").endEnv()
                .addNewEnv().withName("NS").withNewValueFrom().withNewFieldRef().withFieldPath("metadata.namespace").endFieldRef().endValueFrom().endEnv()
                .build();

        ContainerCommand.Resolved resolved = ContainerCommand.resolve(pod(), container, FACTS, EXECUTABLES, (ns, name) -> null);

        assertThat(resolved.argv()).containsExactly("/usr/bin/etcd", "--config-file=/etc/etcd-panel/orders-1.yaml",
                "--advertise=http://10.1.2.3:2379", "hello orders-1 in $(NS)"); // NS is defined after GREETING
        assertThat(resolved.env()).containsEntry("POD_NAME", "orders-1").containsEntry("NS", "etcd");
    }

    @Test
    void configMapKeyRefIsReadAndAMissingRequiredKeyWaits() throws Exception {
        ConfigMap map = new ConfigMapBuilder().withNewMetadata().withName("settings").endMetadata().withData(Map.of("level", "debug")).build();
        Container container = new ContainerBuilder().withName("etcd").withCommand("/usr/local/bin/etcd")
                .addNewEnv().withName("LEVEL").withNewValueFrom().withNewConfigMapKeyRef("level", "settings", false).endValueFrom().endEnv()
                .addNewEnv().withName("OPTIONAL").withNewValueFrom().withNewConfigMapKeyRef("nope", "settings", true).endValueFrom().endEnv()
                .build();

        assertThat(ContainerCommand.resolve(pod(), container, FACTS, EXECUTABLES, (ns, name) -> map).env())
                .containsExactly(Map.entry("LEVEL", "debug"));
        assertThatThrownBy(() -> ContainerCommand.resolve(pod(), container, FACTS, EXECUTABLES, (ns, name) -> null))
                .isInstanceOf(NotReadyYet.class);
    }

    @Test
    void anImagePathWithoutAHostBinaryIsRefused() {
        Container shell = new ContainerBuilder().withName("sh").withImage("busybox").withCommand("/bin/sh", "-c", "true").build();
        Container entrypoint = new ContainerBuilder().withName("etcd").withImage("gcr.io/etcd-development/etcd:v3.5.21").build();

        assertThatThrownBy(() -> ContainerCommand.resolve(pod(), shell, FACTS, EXECUTABLES, (ns, name) -> null))
                .isInstanceOf(ContainerConfigException.class).hasMessageContaining("/bin/sh");
        assertThatThrownBy(() -> ContainerCommand.resolve(pod(), entrypoint, FACTS, EXECUTABLES, (ns, name) -> null))
                .isInstanceOf(ContainerConfigException.class).hasMessageContaining("no command");
    }

    private static Pod pod() {
        return new PodBuilder().withNewMetadata().withName("orders-1").withNamespace("etcd").withUid("u-1").endMetadata()
                .withNewSpec().endSpec().build();
    }
}
