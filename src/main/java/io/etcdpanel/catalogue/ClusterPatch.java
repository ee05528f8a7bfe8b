package io.etcdpanel.catalogue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * A JSON merge patch of a spec, read against the current spec: {@code replicas} may change, and
 * {@code storage.size} may grow; any other field must be left out or repeat its current value.
 */
record ClusterPatch(Map<String, Object> fields) {

    private static final Set<String> FIXED = Set.of("name", "version", "runtime", "namespace", "resources", "quotaBackendBytes");
    private static final String FIXED_MESSAGE = "cannot be changed once the cluster exists; only replicas and storage.size can be patched";
    private static final String NEW_CLUSTER_WAY = "create a cluster with the storage you need, import this cluster's newest "
            + "snapshot into it and restore it there";

    /** The replica count the patch asks for, or the current one. */
    Object replicas(ClusterSpec current) {
        return fields.containsKey("replicas") ? fields.get("replicas") : current.replicas();
    }

    /** The volume size the patch asks for, or the current one; meaningful only when {@link #problems} found none. */
    String storageSize(ClusterSpec current) {
        return fields.get("storage") instanceof Map<?, ?> storage && storage.containsKey("size") ? (String) storage.get("size")
                : current.storage().size();
    }

    List<FieldProblem> problems(ClusterSpec current) {
        List<FieldProblem> problems = new ArrayList<>();
        fields.forEach((field, value) -> {
            if (field.equals("replicas")) {
                return;
            }
            if (field.equals("storage")) {
                storageProblems(current.storage(), value, problems);
            } else if (!FIXED.contains(field)) {
                problems.add(new FieldProblem(field, "is not a field of a cluster spec"));
            } else if (!sameAs(current, field, value)) {
                problems.add(new FieldProblem(field, FIXED_MESSAGE));
            }
        });
        return problems;
    }

    /** As a merge patch: a key left out keeps its value. The size may only grow: no volume shrinks. */
    private static void storageProblems(ClusterSpec.Storage current, Object value, List<FieldProblem> problems) {
        if (!(value instanceof Map<?, ?> storage)) {
            problems.add(new FieldProblem("storage", "must be an object with size (and storageClass, unchanged)"));
            return;
        }
        storage.forEach((key, asked) -> {
            if ("storageClass".equals(key)) {
                if (!Objects.equals(asked, current.storageClass())) {
                    problems.add(new FieldProblem("storage.storageClass", "cannot be changed once the cluster exists (its volumes "
                            + "stay on their class): " + NEW_CLUSTER_WAY));
                }
            } else if ("size".equals(key)) {
                sizeProblem(current.size(), asked, problems);
            } else {
                problems.add(new FieldProblem("storage." + key, "is not a field of a cluster spec"));
            }
        });
    }

    private static void sizeProblem(String current, Object asked, List<FieldProblem> problems) {
        if (!(asked instanceof String size) || !Quantities.isQuantity(size)) {
            problems.add(new FieldProblem("storage.size", "must be a Kubernetes quantity such as 1Gi or 8Gi"));
        } else if (Quantities.compare(size, current) < 0) {
            problems.add(new FieldProblem("storage.size", "cannot shrink from " + current + " to " + size
                    + ": a volume only grows. To use less, " + NEW_CLUSTER_WAY));
        }
    }

    private static boolean sameAs(ClusterSpec current, String field, Object value) {
        return switch (field) {
            case "name" -> Objects.equals(current.name(), value);
            case "version" -> Objects.equals(current.version(), value);
            case "runtime" -> Objects.equals(current.runtime(), value);
            case "namespace" -> Objects.equals(current.namespace(), value);
            case "quotaBackendBytes" -> value instanceof Number number && number.longValue() == current.quotaBackendBytes();
            case "resources" -> value instanceof Map<?, ?> map && Objects.equals(map.get("cpu"), current.resources().cpu())
                    && Objects.equals(map.get("memory"), current.resources().memory());
            default -> false;
        };
    }
}
