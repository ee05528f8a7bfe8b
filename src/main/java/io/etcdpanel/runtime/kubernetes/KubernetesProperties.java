package io.etcdpanel.runtime.kubernetes;

import java.time.Duration;
import java.util.List;

import io.etcdpanel.runtime.kubernetes.desired.RuntimeSettings;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.ConstructorBinding;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Owns the settings of the Kubernetes runtime: whether it is on at all (off by default, so the panel
 * starts without any kubeconfig), the etcd image repository, how the panel reaches members, the
 * namespaces it may write to (none listed: all), the bound on each call to the API server, the
 * etcd versions it offers (images of the repository; the first is the default), the address pods
 * reach the panel at (restore Jobs fetch snapshots there; no restore without it), the image with a
 * shell and wget those Jobs use, and how long the panel waits for a pod to go or a Job to finish.
 */
@ConfigurationProperties("etcdpanel.kubernetes")
public record KubernetesProperties(
        @DefaultValue("false") boolean enabled,
        @DefaultValue(RuntimeSettings.DEFAULT_IMAGE_REPOSITORY) String imageRepository,
        @DefaultValue("pod-ip") MemberAccess memberAccess,
        @DefaultValue List<String> namespaces,
        @DefaultValue("10s") Duration requestTimeout,
        @DefaultValue({"3.6.17", "3.5.36", "3.7.4"}) List<String> versions,
        @DefaultValue("") String panelUrl,
        @DefaultValue(RuntimeSettings.DEFAULT_TOOLS_IMAGE) String toolsImage,
        @DefaultValue("3m") Duration podTimeout) {

    /** How the panel reaches a member's client port. */
    public enum MemberAccess {
        /** {@code http://<pod>.<name>.<ns>.svc:2379}: the panel runs in the cluster. */
        POD_DNS,
        /** {@code http://<status.podIP>:2379}: the panel can route to pod IPs. */
        POD_IP,
        /** fabric8 port-forwarding to each pod from a loopback port: the panel runs outside. */
        PORT_FORWARD
    }

    @ConstructorBinding
    public KubernetesProperties {
        namespaces = namespaces == null ? List.of() : List.copyOf(namespaces);
        versions = versions == null ? List.of() : List.copyOf(versions);
    }

    /** Settings without restores: no panel URL, the default tools image. */
    public KubernetesProperties(boolean enabled, String imageRepository, MemberAccess memberAccess, List<String> namespaces,
            Duration requestTimeout, List<String> versions) {
        this(enabled, imageRepository, memberAccess, namespaces, requestTimeout, versions, "", null, Duration.ofMinutes(3));
    }

    public RuntimeSettings settings() {
        return new RuntimeSettings(imageRepository, toolsImage);
    }

    /** Whether the panel may write to this namespace: any when none are listed. */
    public boolean allowsNamespace(String namespace) {
        return namespaces.isEmpty() || namespaces.contains(namespace);
    }
}
