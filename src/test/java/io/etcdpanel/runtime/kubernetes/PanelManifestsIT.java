package io.etcdpanel.runtime.kubernetes;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import io.etcdpanel.support.KubeHarness;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.FieldValidateable.Validation;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** docker/kubernetes/ is accepted by a real API server as written (server-side dry run, strict field validation). */
class PanelManifestsIT {

    @RegisterExtension
    static final KubeHarness KUBE = new KubeHarness();

    static final Path MANIFESTS = Path.of("docker/kubernetes");

    @Test
    void everyManifestPassesAServerSideDryRunAndCreatesNothing() throws IOException {
        KubernetesClient admin = KUBE.client();
        List<HasMetadata> namespace = load("namespace.yaml");
        dryRun(admin, namespace);
        assertThat(admin.namespaces().withName("etcd-panel").get()).as("dry run created the namespace").isNull();
        // namespaced objects can be dry-run only in a namespace that exists
        namespace.forEach(object -> admin.resource(object).create());

        List<Path> files;
        try (Stream<Path> listing = Files.list(MANIFESTS)) {
            files = listing.filter(file -> file.toString().endsWith(".yaml")).sorted().toList();
        }
        assertThat(files).extracting(file -> file.getFileName().toString())
                .contains("rbac.yaml", "deployment.yaml", "service.yaml", "pvc.yaml");
        for (Path file : files) {
            if (file.getFileName().toString().equals("namespace.yaml")) {
                continue;
            }
            List<HasMetadata> objects = load(file.getFileName().toString());
            assertThat(objects).as(file + " holds objects").isNotEmpty();

            dryRun(admin, objects);

            assertThat(objects).allSatisfy(object -> {
                assertThat(object.getMetadata().getNamespace()).as("namespace of %s", object.getKind()).isEqualTo("etcd-panel");
                assertThat(admin.resource(object).get()).as("dry run created %s", object.getKind()).isNull();
            });
        }
    }

    @Test
    void deploymentRunsOnePanelAsItsServiceAccountNotAsRoot() throws IOException {
        Deployment deployment = (Deployment) load("deployment.yaml").get(0);
        PodSpec pod = deployment.getSpec().getTemplate().getSpec();
        Container panel = pod.getContainers().get(0);

        assertThat(deployment.getSpec().getReplicas()).isEqualTo(1);
        assertThat(deployment.getSpec().getStrategy().getType()).isEqualTo("Recreate");
        assertThat(pod.getServiceAccountName()).isEqualTo("etcd-panel");
        assertThat(pod.getSecurityContext().getRunAsNonRoot()).isTrue();
        assertThat(pod.getSecurityContext().getRunAsUser()).isPositive();
        assertThat(panel.getSecurityContext().getAllowPrivilegeEscalation()).isFalse();
        assertThat(panel.getSecurityContext().getCapabilities().getDrop()).containsExactly("ALL");
        assertThat(panel.getLivenessProbe().getHttpGet().getPath()).isEqualTo("/actuator/health/liveness");
        assertThat(panel.getReadinessProbe().getHttpGet().getPath()).isEqualTo("/actuator/health/readiness");
        assertThat(panel.getVolumeMounts()).anySatisfy(mount -> {
            assertThat(mount.getName()).isEqualTo("data");
            assertThat(mount.getMountPath()).isEqualTo("/data");
        });
        assertThat(pod.getVolumes()).anySatisfy(volume -> {
            assertThat(volume.getName()).isEqualTo("data");
            assertThat(volume.getPersistentVolumeClaim().getClaimName()).isEqualTo("etcd-panel-data");
        });
        assertThat(panel.getEnv()).extracting(EnvVar::getName).contains(
                "ETCDPANEL_DATA_DIR", "ETCDPANEL_KUBERNETES_ENABLED", "ETCDPANEL_KUBERNETES_MEMBER_ACCESS",
                "ETCDPANEL_KUBERNETES_NAMESPACES");
        assertThat(panel.getEnv()).filteredOn(env -> env.getName().equals("ETCDPANEL_KUBERNETES_MEMBER_ACCESS"))
                .singleElement().extracting(EnvVar::getValue).isEqualTo("pod-dns");
    }

    private static void dryRun(KubernetesClient admin, List<HasMetadata> objects) {
        for (HasMetadata object : objects) {
            HasMetadata answer = admin.resource(object).dryRun().fieldValidation(Validation.STRICT)
                    .fieldManager("etcd-panel-manifests-test").serverSideApply();
            assertThat(answer.getMetadata().getName()).isEqualTo(object.getMetadata().getName());
        }
    }

    static List<HasMetadata> load(String file) throws IOException {
        try (InputStream in = Files.newInputStream(MANIFESTS.resolve(file))) {
            return KUBE.client().load(in).items();
        }
    }
}
