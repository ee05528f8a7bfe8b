package io.etcdpanel.catalogue;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import org.springframework.stereotype.Component;

/** Turns a request into a complete spec with its defaults, or says what is wrong with each field. */
@Component
class SpecValidator {

    static final int MAX_NAME_LENGTH = 40;
    static final String DEFAULT_RUNTIME = "local";
    static final int DEFAULT_REPLICAS = 3;
    static final long MAX_QUOTA_BACKEND_BYTES = 8L * 1024 * 1024 * 1024;

    private static final Set<String> RESERVED_NAMES = Set.of("new");
    private static final Pattern DNS_LABEL = Pattern.compile("[a-z0-9]([-a-z0-9]*[a-z0-9])?");

    private final RuntimeOffers runtimes;

    SpecValidator(RuntimeOffers runtimes) {
        this.runtimes = runtimes;
    }

    ClusterSpec validNew(ClusterRequest request) {
        List<FieldProblem> problems = new ArrayList<>();
        checkName(request.name(), problems);
        int replicas = request.replicas() == null ? DEFAULT_REPLICAS : request.replicas();
        checkReplicas(replicas, problems);
        String runtime = request.runtime() == null || request.runtime().isBlank() ? DEFAULT_RUNTIME : request.runtime();
        String namespace = request.namespace() == null ? ClusterSpec.DEFAULT_NAMESPACE : request.namespace();
        if (!DNS_LABEL.matcher(namespace).matches() || namespace.length() > 63) {
            problems.add(new FieldProblem("namespace", "must be a DNS-1123 label of at most 63 characters"));
        }
        String version = checkRuntime(runtime, request.version(), namespace, problems);
        ClusterSpec.Storage storage = request.storage() == null ? ClusterSpec.Storage.DEFAULT
                : new ClusterSpec.Storage(Objects.requireNonNullElse(request.storage().size(), ClusterSpec.Storage.DEFAULT.size()),
                        request.storage().storageClass());
        checkQuantity("storage.size", storage.size(), problems);
        ClusterSpec.Resources resources = request.resources() == null ? ClusterSpec.Resources.DEFAULT : request.resources();
        checkQuantity("resources.cpu", resources.cpu(), problems);
        checkQuantity("resources.memory", resources.memory(), problems);
        long quota = request.quotaBackendBytes() == null ? ClusterSpec.DEFAULT_QUOTA_BACKEND_BYTES : request.quotaBackendBytes();
        if (quota <= 0 || quota > MAX_QUOTA_BACKEND_BYTES) {
            problems.add(new FieldProblem("quotaBackendBytes", "must be between 1 and " + MAX_QUOTA_BACKEND_BYTES
                    + " (8 GiB, the most etcd supports well)"));
        }
        if (!problems.isEmpty()) {
            throw new InvalidSpec(problems);
        }
        return new ClusterSpec(request.name(), replicas, version, runtime, namespace, storage, resources, quota);
    }

    /** Checks a new replica count for an existing cluster. */
    void checkScale(Integer replicas) {
        List<FieldProblem> problems = new ArrayList<>();
        if (replicas == null) {
            problems.add(new FieldProblem("replicas", "must be a whole number between 1 and 9"));
        } else {
            checkReplicas(replicas, problems);
        }
        if (!problems.isEmpty()) {
            throw new InvalidSpec(problems);
        }
    }

    private static void checkName(String name, List<FieldProblem> problems) {
        if (name == null || name.isBlank()) {
            problems.add(new FieldProblem("name", "is required"));
        } else if (name.length() > MAX_NAME_LENGTH) {
            problems.add(new FieldProblem("name", "must be at most " + MAX_NAME_LENGTH + " characters"));
        } else if (RESERVED_NAMES.contains(name)) {
            problems.add(new FieldProblem("name", "\"" + name + "\" is reserved by the panel's pages; pick another name"));
        } else if (!DNS_LABEL.matcher(name).matches()) {
            problems.add(new FieldProblem("name",
                    "must be a DNS-1123 label: lower-case letters, digits and '-', starting and ending with a letter or digit"));
        }
    }

    private static void checkReplicas(int replicas, List<FieldProblem> problems) {
        if (replicas < 1 || replicas > 9) {
            problems.add(new FieldProblem("replicas", "must be between 1 and 9"));
        } else if (replicas % 2 == 0) {
            problems.add(new FieldProblem("replicas",
                    "must be odd: " + replicas + " members tolerate no more failures than " + (replicas - 1)));
        }
    }

    /** The runtime must be there and usable, run the version (its default when none is asked), and may write to the namespace. */
    private String checkRuntime(String runtime, String version, String namespace, List<FieldProblem> problems) {
        List<RuntimeOffer> offers = runtimes.all();
        Optional<RuntimeOffer> offer = offers.stream().filter(candidate -> candidate.name().equals(runtime)).findFirst();
        if (offer.isEmpty()) {
            problems.add(new FieldProblem("runtime", "unknown runtime " + runtime + "; known: "
                    + offers.stream().map(RuntimeOffer::name).collect(Collectors.joining(", "))));
            return version;
        }
        if (!offer.get().available()) {
            problems.add(new FieldProblem("runtime", "runtime " + runtime + " is not available: " + offer.get().message()));
            return version;
        }
        List<String> namespaces = offer.get().namespaces();
        if (!namespaces.isEmpty() && !namespaces.contains(namespace)) {
            problems.add(new FieldProblem("namespace", "runtime " + runtime + " may only write to " + String.join(", ", namespaces)
                    + " (etcdpanel.kubernetes.namespaces)"));
        }
        String chosen = version == null || version.isBlank() ? offer.get().defaultVersion() : version;
        if (!offer.get().versions().contains(chosen)) {
            problems.add(new FieldProblem("version", "runtime " + runtime + " cannot run etcd " + chosen + "; it can run: "
                    + String.join(", ", offer.get().versions())));
        }
        return chosen;
    }

    private static void checkQuantity(String field, String quantity, List<FieldProblem> problems) {
        if (quantity != null && !Quantities.isQuantity(quantity)) {
            problems.add(new FieldProblem(field, "must be a Kubernetes quantity such as 500m, 1Gi or 8Gi"));
        }
    }
}
