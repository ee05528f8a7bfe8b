package io.etcdpanel.runtime.kubernetes;

import java.time.Duration;
import java.util.List;

import io.etcdpanel.runtime.kubernetes.desired.RuntimeSettings;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Owns the settings of the Kubernetes runtime: whether it is on at all (off by default, so the panel
 * starts without any kubeconfig), the etcd image repository, how the panel reaches members, the
 * namespaces it may write to (none listed: all), the bound on each call to the API server, and the
 * etcd versions it offers (images of the repository; the first is the default).
 */
@ConfigurationProperties("etcdpanel.kubernetes")
public record KubernetesProperties(
        @DefaultValue("false") boolean enabled,
        @DefaultValue(RuntimeSettings.DEFAULT_IMAGE_REPOSITORY) String imageRepository,
        @DefaultValue("pod-ip") MemberAccess memberAccess,
        @DefaultValue List<String> namespaces,
        @DefaultValue("10s") Duration requestTimeout,
        @DefaultValue({"3.5.21", "3.4.23"}) List<String> versions) {

    /** How the panel reaches a member's client port. */
    public enum MemberAccess {
        /** {@code http://<pod>.<name>.<ns>.svc:2379}: the panel runs in the cluster. */
        POD_DNS,
        /** {@code http://<status.podIP>:2379}: the panel can route to pod IPs. */
        POD_IP,
        /** fabric8 port-forwarding to each pod from a loopback port: the panel runs outside. */
        PORT_FORWARD
    }

    public KubernetesProperties {
        namespaces = namespaces == null ? List.of() : List.copyOf(namespaces);
        versions = versions == null ? List.of() : List.copyOf(versions);
    }

    public RuntimeSettings settings() {
        return new RuntimeSettings(imageRepository);
    }

    /** Whether the panel may write to this namespace: any when none are listed. */
    public boolean allowsNamespace(String namespace) {
        return namespaces.isEmpty() || namespaces.contains(namespace);
    }
}
