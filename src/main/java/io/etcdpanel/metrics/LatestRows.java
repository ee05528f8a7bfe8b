package io.etcdpanel.metrics;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;

import io.micrometer.core.instrument.MultiGauge;
import io.micrometer.core.instrument.Tags;

/**
 * Owns the rows of one multi-gauge: the values each cluster showed last. The rows are registered again only when
 * the set of rows changes; between changes they read the latest values (a gauge keeps only a weak reference to a plain number).
 */
final class LatestRows {

    private final MultiGauge gauge;
    private final Map<String, Map<Tags, Number>> byCluster = new ConcurrentHashMap<>();
    private Set<Map.Entry<String, Tags>> registered = Set.of();

    LatestRows(MultiGauge gauge) {
        this.gauge = gauge;
    }

    /** Replaces what the cluster shows with these rows; a row it no longer has goes away. */
    void show(String cluster, Map<Tags, ? extends Number> rows) {
        byCluster.put(cluster, Map.copyOf(rows));
        publish();
    }

    void forget(String cluster) {
        byCluster.remove(cluster);
        publish();
    }

    private synchronized void publish() {
        Map<Map.Entry<String, Tags>, Boolean> shape = new LinkedHashMap<>();
        byCluster.entrySet().stream().sorted(Map.Entry.comparingByKey())
                .forEach(cluster -> cluster.getValue().keySet().forEach(tags -> shape.put(Map.entry(cluster.getKey(), tags), true)));
        if (shape.keySet().equals(registered)) {
            return;
        }
        registered = shape.keySet().stream().collect(Collectors.toUnmodifiableSet());
        List<MultiGauge.Row<?>> rows = new ArrayList<>();
        shape.keySet().forEach(row -> rows.add(MultiGauge.Row.of(row.getValue(), () -> value(row.getKey(), row.getValue()))));
        gauge.register(rows, true);
    }

    private Number value(String cluster, Tags tags) {
        Number value = byCluster.getOrDefault(cluster, Map.of()).get(tags);
        return value == null ? Double.NaN : value;
    }
}
