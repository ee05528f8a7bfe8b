package io.etcdpanel.runtime.kubernetes;

import static io.etcdpanel.runtime.kubernetes.GrowingCluster.DEADLINE;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import io.etcdpanel.support.KubeHarness;
import io.etcdpanel.support.PanelProcess;
import io.etcdpanel.support.Poll;
import io.etcdpanel.support.kube.TestNodeAgent;
import io.etcdpanel.support.kube.TestVolumeProvisioner;
import io.fabric8.kubernetes.api.model.Quantity;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The panel as its own JVM, SIGKILLed twice in the middle of a volume growth on Kubernetes: while the claims are
 * being resized, and right after it deleted the StatefulSet keeping its pods. Each start carries on from what it
 * finds, and the growth ends with the same pods, members and data.
 */
class VolumeGrowthCrashIT {

    @RegisterExtension
    static final KubeHarness KUBE = new KubeHarness(GrowingCluster.controllersWithVolumeBinding());

    private static final String REPLACING = "deleted StatefulSet etcd-panel/crashed keeping its pods";
    private static PanelProcess panel;
    private static TestNodeAgent agent;
    private static TestVolumeProvisioner provisioner;

    @BeforeAll
    static void startTheNodeTheVolumesAndThePanel() throws IOException {
        String token = PanelOnKubernetes.actAsThePanel(KUBE);
        System.clearProperty("kubeconfig"); // set for an in-process panel; this one gets it in its environment
        provisioner = GrowingCluster.storageClassesAndTheirVolumes(KUBE.client());
        agent = new TestNodeAgent(KUBE.client(), TestNodeAgent.options("vgcit", "10.213.82.0/24"));
        Path dataDir = Files.createTempDirectory("etcdpanel-growth-crash-");
        panel = new PanelProcess(dataDir, "24700-24799", dataDir.resolveSibling(dataDir.getFileName() + "-panel.log"), List.of(
                "--etcdpanel.kubernetes.enabled=true", "--etcdpanel.kubernetes.versions=3.4.23",
                "--etcdpanel.kubernetes.namespaces=" + GrowingCluster.NAMESPACE, "--etcdpanel.backup.restore-test=false"))
                .withEnvironment("KUBECONFIG", KUBE.kubeconfigWithToken("crash-panel.kubeconfig", token).toString());
        panel.start();
    }

    @AfterAll
    static void stopEverything() {
        try {
            if (panel != null) {
                panel.kill();
            }
        } finally {
            if (agent != null) {
                agent.close();
            }
            if (provisioner != null) {
                provisioner.close();
            }
        }
    }

    @Test
    void aGrowthKilledWhileClaimsResizeAndWhileTheStatefulSetIsReplacedEndsWithTheSamePodsMembersAndData() throws Exception {
        GrowingCluster crashed = new GrowingCluster(panel.api(), KUBE.client(), "crashed");
        GrowingCluster.Survivors before = crashed.createWithAKey(3, GrowingCluster.EXPANDABLE, "through two crashes");
        provisioner.holdResizes(true);
        assertThat(panel.api().patch("/api/v1/clusters/crashed", "{\"storage\":{\"size\":\"2Gi\"}}").status()).isEqualTo(200);
        Poll.until("the claims asked for 2Gi", DEADLINE, () -> crashed.reconciledMessage().startsWith("growing volumes to 2Gi"));

        panel.kill();
        provisioner.holdResizes(false);
        Poll.until("every claim grown, with no panel running", DEADLINE, () -> crashed.claims().stream()
                .allMatch(claim -> GrowingCluster.holds(claim.getStatus().getCapacity().get("storage"), "2Gi")));
        assertThat(crashed.template()).as("only the panel replaces the StatefulSet").isEqualTo(new Quantity("1Gi"));
        CompletableFuture<Void> replacing = panel.killWhenPrinted(REPLACING);
        panel.start();
        replacing.get(DEADLINE.toSeconds(), TimeUnit.SECONDS);
        panel.awaitExit(DEADLINE);
        panel.start();

        Poll.until("crashed grown to 2Gi after the second restart", DEADLINE, () -> crashed.grownTo("2Gi"));
        crashed.assertSurvived(before);
    }
}
