package io.etcdpanel.runtime.kubernetes;

import java.math.BigDecimal;
import java.util.List;
import java.util.Map;
import java.util.Set;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.ManagedFieldsEntry;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;

/**
 * Decides whether a live object already holds what the panel would apply: every field the desired
 * object sets has the same value live (maps by key, lists element by element and of equal length),
 * and no field the panel applied before is left out now (applying would remove it). Fields only the
 * server or other controllers set are not looked at.
 */
final class DesiredFields {

    private static final KubernetesSerialization JSON = new KubernetesSerialization();
    /** Maps whose values are quantities, which the API server writes in its own canonical form ("0.5" becomes "500m"). */
    private static final Set<String> QUANTITY_MAPS = Set.of("requests", "limits");
    private static final Set<String> NOT_COMPARED = Set.of("apiVersion", "kind", "metadata", "status");
    private static final String APPLY = "Apply";

    private DesiredFields() {
    }

    static boolean heldBy(HasMetadata desired, HasMetadata live) {
        Map<?, ?> wanted = JSON.convertValue(desired, Map.class);
        Map<?, ?> held = JSON.convertValue(live, Map.class);
        Map<?, ?> wantedMetadata = map(wanted.get("metadata"));
        Map<?, ?> heldMetadata = map(held.get("metadata"));
        return holds("labels", wantedMetadata.get("labels"), heldMetadata.get("labels"))
                && holds("annotations", wantedMetadata.get("annotations"), heldMetadata.get("annotations"))
                && wanted.entrySet().stream().filter(entry -> !NOT_COMPARED.contains(entry.getKey()))
                        .allMatch(entry -> holds(entry.getKey(), entry.getValue(), held.get(entry.getKey())))
                && nothingDropped(wanted, held, appliedBefore(live));
    }

    /** Whether {@code held} has every field {@code wanted} sets, with the same value; {@code key} names {@code wanted}. */
    private static boolean holds(Object key, Object wanted, Object held) {
        if (wanted instanceof Map<?, ?> fields) {
            return held == null ? fields.isEmpty() : held instanceof Map<?, ?> heldFields && fields.entrySet().stream()
                    .allMatch(field -> QUANTITY_MAPS.contains(key) && !(field.getValue() instanceof Map || field.getValue() instanceof List)
                            ? sameQuantity(field.getValue(), heldFields.get(field.getKey()))
                            : holds(field.getKey(), field.getValue(), heldFields.get(field.getKey())));
        }
        if (wanted instanceof List<?> items) {
            if (held == null) {
                return items.isEmpty();
            }
            if (!(held instanceof List<?> heldItems) || heldItems.size() != items.size()) {
                return false;
            }
            for (int i = 0; i < items.size(); i++) {
                if (!holds(key, items.get(i), heldItems.get(i))) {
                    return false;
                }
            }
            return true;
        }
        if (wanted == null || held == null) {
            return wanted == null;
        }
        if (wanted instanceof Number || held instanceof Number) {
            return sameNumber(wanted.toString(), held.toString());
        }
        return wanted.equals(held);
    }

    /**
     * Whether the panel still sets every map field it applied before ({@code fieldsV1} of its Apply entry,
     * {@code f:<name>} keys); one it dropped would be removed by applying. Lists are compared whole above.
     */
    private static boolean nothingDropped(Map<?, ?> wanted, Map<?, ?> held, Map<?, ?> applied) {
        for (Map.Entry<?, ?> entry : applied.entrySet()) {
            String key = entry.getKey().toString();
            if (!key.startsWith("f:")) {
                continue;
            }
            String field = key.substring(2);
            Object wantedValue = wanted.get(field);
            if (wantedValue == null) {
                if (held.get(field) != null) {
                    return false;
                }
            } else if (wantedValue instanceof Map<?, ?> wantedMap && held.get(field) instanceof Map<?, ?> heldMap
                    && entry.getValue() instanceof Map<?, ?> appliedMap && !nothingDropped(wantedMap, heldMap, appliedMap)) {
                return false;
            }
        }
        return true;
    }

    private static Map<?, ?> appliedBefore(HasMetadata live) {
        List<ManagedFieldsEntry> entries = live.getMetadata().getManagedFields();
        return entries == null ? Map.of() : entries.stream()
                .filter(entry -> KubernetesApplier.FIELD_MANAGER.equals(entry.getManager()) && APPLY.equals(entry.getOperation()))
                .filter(entry -> entry.getFieldsV1() != null)
                .map(entry -> map(JSON.convertValue(entry.getFieldsV1(), Map.class)))
                .findFirst().orElse(Map.of());
    }

    private static boolean sameQuantity(Object wanted, Object held) {
        if (wanted == null || held == null) {
            return wanted == null;
        }
        try {
            return Quantity.parse(wanted.toString()).getNumericalAmount().compareTo(Quantity.parse(held.toString()).getNumericalAmount()) == 0;
        } catch (IllegalArgumentException | ArithmeticException e) {
            return wanted.toString().equals(held.toString());
        }
    }

    private static boolean sameNumber(String wanted, String held) {
        try {
            return new BigDecimal(wanted).compareTo(new BigDecimal(held)) == 0;
        } catch (NumberFormatException e) {
            return false;
        }
    }

    private static Map<?, ?> map(Object value) {
        return value instanceof Map<?, ?> map ? map : Map.of();
    }
}
