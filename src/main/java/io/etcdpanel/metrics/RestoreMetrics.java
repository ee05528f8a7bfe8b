package io.etcdpanel.metrics;

import io.etcdpanel.restore.RestoreFinished;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/** Owns the restore meter: restores that ended, by cluster and result. */
@Component
class RestoreMetrics {

    private final MeterRegistry registry;

    RestoreMetrics(MeterRegistry registry) {
        this.registry = registry;
    }

    @EventListener
    void onRestore(RestoreFinished restore) {
        Counter.builder("etcdpanel.restore").description("restores that ended, by result")
                .tags("cluster", restore.cluster(), "result", restore.result()).register(registry).increment();
    }
}
