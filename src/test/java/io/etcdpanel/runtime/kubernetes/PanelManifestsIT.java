package io.etcdpanel.runtime.kubernetes;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import io.etcdpanel.support.KubeHarness;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretKeySelector;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.FieldValidateable.Validation;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * docker/kubernetes/ is accepted by a real API server as written (server-side dry run, strict field validation), the
 * example Secrets included, and its Deployment runs two panels on PostgreSQL and S3 with every secret value from them.
 */
class PanelManifestsIT {

    @RegisterExtension
    static final KubeHarness KUBE = new KubeHarness();

    static final Path MANIFESTS = Path.of("docker/kubernetes");
    static final Set<String> CLUSTER_SCOPED = Set.of("ClusterRole", "ClusterRoleBinding");

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
                .contains("rbac.yaml", "deployment.yaml", "service.yaml", "pdb.yaml", "secrets.example.yaml");
        for (Path file : files) {
            if (file.getFileName().toString().equals("namespace.yaml")) {
                continue;
            }
            List<HasMetadata> objects = load(file.getFileName().toString());
            assertThat(objects).as(file + " holds objects").isNotEmpty();

            dryRun(admin, objects);

            assertThat(objects).allSatisfy(object -> {
                // the one cluster-wide grant (get storageclasses) has no namespace; everything else is in the panel's own
                if (!CLUSTER_SCOPED.contains(object.getKind())) {
                    assertThat(object.getMetadata().getNamespace()).as("namespace of %s", object.getKind()).isEqualTo("etcd-panel");
                }
                assertThat(admin.resource(object).get()).as("dry run created %s", object.getKind()).isNull();
            });
        }
    }

    @Test
    void deploymentRunsTwoPanelsAsItsServiceAccountNotAsRootEachWithAScratchVolume() throws IOException {
        Deployment deployment = (Deployment) load("deployment.yaml").get(0);
        PodSpec pod = deployment.getSpec().getTemplate().getSpec();
        Container panel = pod.getContainers().get(0);

        assertThat(deployment.getSpec().getReplicas()).isEqualTo(2);
        assertThat(env(panel, "ETCDPANEL_REPLICAS").getValue()).as("the panels' own count, which lets them share the lease")
                .isEqualTo(String.valueOf(deployment.getSpec().getReplicas()));
        assertThat(deployment.getSpec().getStrategy().getRollingUpdate().getMaxUnavailable().getIntVal()).isZero();
        assertThat(pod.getServiceAccountName()).isEqualTo("etcd-panel");
        assertThat(pod.getSecurityContext().getRunAsNonRoot()).isTrue();
        assertThat(pod.getSecurityContext().getRunAsUser()).isPositive();
        assertThat(panel.getSecurityContext().getAllowPrivilegeEscalation()).isFalse();
        assertThat(panel.getSecurityContext().getCapabilities().getDrop()).containsExactly("ALL");
        assertThat(panel.getStartupProbe().getHttpGet().getPath()).isEqualTo("/actuator/health/liveness");
        assertThat(panel.getLivenessProbe().getHttpGet().getPath()).isEqualTo("/actuator/health/liveness");
        assertThat(panel.getReadinessProbe().getHttpGet().getPath()).isEqualTo("/actuator/health/readiness");
        assertThat(panel.getVolumeMounts()).anySatisfy(mount -> {
            assertThat(mount.getName()).isEqualTo("data");
            assertThat(mount.getMountPath()).isEqualTo(env(panel, "ETCDPANEL_DATA_DIR").getValue());
        });
        assertThat(pod.getVolumes()).as("a volume per pod: two panels never share one ReadWriteOnce claim").anySatisfy(volume -> {
            assertThat(volume.getName()).isEqualTo("data");
            assertThat(volume.getEphemeral().getVolumeClaimTemplate().getSpec().getAccessModes()).containsExactly("ReadWriteOnce");
        });
        assertThat(env(panel, "ETCDPANEL_KUBERNETES_MEMBER_ACCESS").getValue()).isEqualTo("pod-dns");
        assertThat(env(panel, "ETCDPANEL_KUBERNETES_NAMESPACES").getValueFrom().getFieldRef().getFieldPath()).isEqualTo("metadata.namespace");
        assertThat(env(panel, "ETCDPANEL_KUBERNETES_PANEL_URL").getValue()).as("restore Jobs reach the panel that granted the link")
                .isEqualTo("http://$(POD_IP):8080");
        assertThat(panel.getEnv()).extracting(EnvVar::getName).containsSubsequence("POD_IP", "ETCDPANEL_KUBERNETES_PANEL_URL");
    }

    @Test
    void theCatalogueIsInPostgresAndSnapshotsInS3WithEverySecretValueFromTheExampleSecrets() throws IOException {
        Container panel = ((Deployment) load("deployment.yaml").get(0)).getSpec().getTemplate().getSpec().getContainers().get(0);
        Map<String, Secret> secrets = load("secrets.example.yaml").stream().map(Secret.class::cast)
                .collect(Collectors.toMap(secret -> secret.getMetadata().getName(), secret -> secret));

        for (String name : List.of("SPRING_DATASOURCE_URL", "SPRING_DATASOURCE_USERNAME", "SPRING_DATASOURCE_PASSWORD",
                "ETCDPANEL_SECURITY_ADMIN_PASSWORD")) {
            SecretKeySelector from = env(panel, name).getValueFrom().getSecretKeyRef();
            assertThat(secrets).as(name + " from a Secret of the example").containsKey(from.getName());
            assertThat(secrets.get(from.getName()).getStringData()).as(name + " from a key of " + from.getName()).containsKey(from.getKey());
        }
        assertThat(secrets.get(env(panel, "SPRING_DATASOURCE_URL").getValueFrom().getSecretKeyRef().getName()).getStringData().get("url"))
                .startsWith("jdbc:postgresql:");
        assertThat(env(panel, "ETCDPANEL_BACKUP_STORE").getValue()).isEqualTo("s3");
        assertThat(env(panel, "ETCDPANEL_BACKUP_S3_BUCKET").getValue()).isNotBlank();
        assertThat(panel.getEnvFrom()).singleElement().satisfies(from -> assertThat(secrets.get(from.getSecretRef().getName()).getStringData())
                .containsOnlyKeys("AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY"));
        assertThat(panel.getEnv()).as("no password or key written into the Deployment").filteredOn(env -> env.getValue() != null)
                .extracting(EnvVar::getName).noneMatch(name -> name.contains("PASSWORD") || name.contains("SECRET") || name.contains("KEY"));
    }

    private static EnvVar env(Container container, String name) {
        return container.getEnv().stream().filter(env -> env.getName().equals(name)).findFirst()
                .orElseThrow(() -> new AssertionError("no " + name + " in the panel's env"));
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
