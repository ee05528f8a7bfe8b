package io.etcdpanel.runtime;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import io.etcdpanel.catalogue.ClusterSpec;
import io.etcdpanel.catalogue.RuntimeOffer;
import io.etcdpanel.catalogue.RuntimeOffers;
import io.etcdpanel.catalogue.VolumeGrowthCheck;
import org.springframework.stereotype.Component;

/** Owns the set of runtimes the panel knows, available or not, and finds one by name. */
@Component
public class Runtimes implements RuntimeOffers, VolumeGrowthCheck {

    static final RuntimeOffer KUBERNETES_OFF = new RuntimeOffer("kubernetes", false, List.of(), null,
            "the Kubernetes runtime is off: set etcdpanel.kubernetes.enabled=true where a kubeconfig or the in-cluster "
                    + "service account reaches an API server");

    private final List<ClusterRuntime> runtimes;

    Runtimes(List<ClusterRuntime> runtimes) {
        this.runtimes = List.copyOf(runtimes);
    }

    @Override
    public List<RuntimeOffer> all() {
        List<RuntimeOffer> descriptions = new ArrayList<>(runtimes.stream().map(ClusterRuntime::describe).toList());
        if (find("kubernetes").isEmpty()) {
            descriptions.add(KUBERNETES_OFF);
        }
        return descriptions;
    }

    /** A runtime this panel does not have cannot tell whether the volumes can grow: refused rather than stored unchecked. */
    @Override
    public Optional<String> refusal(ClusterSpec cluster, String size) {
        return find(cluster.runtime()).map(runtime -> runtime.volumeGrowthRefusal(cluster, size))
                .orElseGet(() -> Optional.of("the " + cluster.runtime() + " runtime is not available in this panel, so it cannot "
                        + "tell whether the volumes can grow to " + size + "; patch again on a panel where it is"));
    }

    public ClusterRuntime get(String name) {
        return find(name).orElseThrow(() -> new UnknownRuntime(name));
    }

    /** The last lines of a member's log; only names the runtime holds reach it, so a name never becomes another path. */
    public List<String> logTail(ClusterSpec cluster, String member, int lines) {
        ClusterRuntime runtime = get(cluster.runtime());
        if (runtime.instances(cluster).stream().noneMatch(instance -> instance.name().equals(member))) {
            throw new UnknownMember(cluster.name(), member);
        }
        return runtime.logTail(cluster, member, lines);
    }

    private Optional<ClusterRuntime> find(String name) {
        return runtimes.stream().filter(runtime -> runtime.name().equals(name)).findFirst();
    }
}
