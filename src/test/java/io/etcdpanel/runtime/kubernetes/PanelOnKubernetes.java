package io.etcdpanel.runtime.kubernetes;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import io.etcdpanel.support.KubeHarness;
import io.etcdpanel.support.PanelApi;
import io.fabric8.kubernetes.api.model.authentication.TokenRequestBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;

/**
 * The panel of an end-to-end Kubernetes test, one per test class: its settings, its REST API, and the
 * ServiceAccount of docker/kubernetes/rbac.yaml it acts as. A subclass registers its own {@link KubeHarness}.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@DirtiesContext(classMode = DirtiesContext.ClassMode.AFTER_CLASS)
abstract class PanelOnKubernetes {

    static final String NAMESPACE = "etcd-panel";

    @LocalServerPort
    int port;
    PanelApi api;

    @BeforeEach
    void connectApi() {
        api = new PanelApi(port);
    }

    @AfterAll
    static void forgetTheKubeconfig() {
        System.clearProperty("kubeconfig");
    }

    /** A panel with the Kubernetes runtime on (etcd 3.4.23) in its own namespace, reconciling every 2 s, without restore tests. */
    static void kubernetesPanel(DynamicPropertyRegistry registry, Path dataDir) {
        kubernetesPanel(registry, dataDir, "3.4.23");
    }

    /** The same panel offering only etcd {@code version} on Kubernetes (pods run the host's binaries of that release). */
    static void kubernetesPanel(DynamicPropertyRegistry registry, Path dataDir, String version) {
        registry.add("etcdpanel.data-dir", dataDir::toString);
        registry.add("etcdpanel.kubernetes.enabled", () -> "true");
        registry.add("etcdpanel.kubernetes.versions", () -> version);
        // as deployment.yaml sets it: the Role is namespaced, so the panel lists and watches its own namespace only
        registry.add("etcdpanel.kubernetes.namespaces", () -> NAMESPACE);
        registry.add("etcdpanel.reconcile.interval", () -> "2s");
        registry.add("etcdpanel.backup.restore-test", () -> "false");
    }

    /**
     * Before the panel starts: its namespace, ServiceAccount and Role come from the deployment manifests, and
     * the panel finds the API server as kubectl would, with that account's token (returned).
     */
    static String actAsThePanel(KubeHarness kube) throws IOException {
        KubernetesClient admin = kube.client();
        for (String file : List.of("namespace.yaml", "rbac.yaml")) {
            try (var manifest = Files.newInputStream(PanelManifestsIT.MANIFESTS.resolve(file))) {
                admin.load(manifest).items().forEach(object -> admin.resource(object).create());
            }
        }
        String token = admin.serviceAccounts().inNamespace(NAMESPACE).withName("etcd-panel")
                .tokenRequest(new TokenRequestBuilder().withNewSpec().withExpirationSeconds(3600L).endSpec().build())
                .getStatus().getToken();
        System.setProperty("kubeconfig", kube.kubeconfigWithToken("panel.kubeconfig", token).toString());
        return token;
    }
}
