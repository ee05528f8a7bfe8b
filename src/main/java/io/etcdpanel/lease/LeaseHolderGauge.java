package io.etcdpanel.lease;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import org.springframework.stereotype.Component;

/** Owns the gauge etcdpanel_lease_holder: 1 on the panel that holds the lease, 0 on the others, so alerts can count holders. */
@Component
class LeaseHolderGauge implements MeterBinder {

    private final LeaderLease lease;

    LeaseHolderGauge(LeaderLease lease) {
        this.lease = lease;
    }

    @Override
    public void bindTo(MeterRegistry registry) {
        Gauge.builder("etcdpanel.lease.holder", lease, held -> held.held() ? 1 : 0)
                .description("1 when this panel holds the lease and reconciles and runs schedules, else 0").register(registry);
    }
}
