package io.etcdpanel.metrics;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import io.etcdpanel.backup.BackupFinished;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/** Owns the meters of backups as they end: duration by result, size of the newest good one, failures by reason. */
@Component
class BackupMetrics {

    private final MeterRegistry registry;
    private final Map<String, Double> lastSize = new ConcurrentHashMap<>();

    BackupMetrics(MeterRegistry registry) {
        this.registry = registry;
    }

    @EventListener
    void onBackup(BackupFinished backup) {
        String cluster = backup.cluster();
        Timer.builder("etcdpanel.backup.duration").description("time one backup took")
                .tags("cluster", cluster, "result", backup.succeeded() ? "success" : "failure").register(registry).record(backup.took());
        if (!backup.succeeded()) {
            Counter.builder("etcdpanel.backup.failures").description("backups that failed, by reason")
                    .tags("cluster", cluster, "reason", backup.failure()).register(registry).increment();
            return;
        }
        if (lastSize.put(cluster, (double) backup.sizeBytes()) == null) {
            Gauge.builder("etcdpanel.backup.size", lastSize, values -> values.getOrDefault(cluster, Double.NaN))
                    .baseUnit("bytes").description("size of the newest good backup").tag("cluster", cluster).register(registry);
        }
    }
}
