package io.etcdpanel.catalogue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * A JSON merge patch of a spec, read against the current spec: only {@code replicas} may change;
 * any other field must be left out or repeat its current value.
 */
record ClusterPatch(Map<String, Object> fields) {

    private static final Set<String> FIXED = Set.of("name", "version", "runtime", "namespace", "storage", "resources",
            "quotaBackendBytes");

    /** The replica count the patch asks for, or the current one. */
    Object replicas(ClusterSpec current) {
        return fields.containsKey("replicas") ? fields.get("replicas") : current.replicas();
    }

    List<FieldProblem> problems(ClusterSpec current) {
        List<FieldProblem> problems = new ArrayList<>();
        fields.forEach((field, value) -> {
            if (field.equals("replicas")) {
                return;
            }
            if (!FIXED.contains(field)) {
                problems.add(new FieldProblem(field, "is not a field of a cluster spec"));
            } else if (field.equals("storage") && !sameAs(current, field, value)) {
                problems.add(new FieldProblem(field, "cannot be changed once the cluster exists (volumes are not resized in place): "
                        + "create a cluster with the storage you need, import this cluster's newest snapshot into it and restore it there"));
            } else if (!sameAs(current, field, value)) {
                problems.add(new FieldProblem(field, "cannot be changed once the cluster exists; only replicas can be patched"));
            }
        });
        return problems;
    }

    private static boolean sameAs(ClusterSpec current, String field, Object value) {
        return switch (field) {
            case "name" -> Objects.equals(current.name(), value);
            case "version" -> Objects.equals(current.version(), value);
            case "runtime" -> Objects.equals(current.runtime(), value);
            case "namespace" -> Objects.equals(current.namespace(), value);
            case "quotaBackendBytes" -> value instanceof Number number && number.longValue() == current.quotaBackendBytes();
            case "storage" -> value instanceof Map<?, ?> map && Objects.equals(map.get("size"), current.storage().size())
                    && Objects.equals(map.get("storageClass"), current.storage().storageClass());
            case "resources" -> value instanceof Map<?, ?> map && Objects.equals(map.get("cpu"), current.resources().cpu())
                    && Objects.equals(map.get("memory"), current.resources().memory());
            default -> false;
        };
    }
}
