package io.etcdpanel.lease;

import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.stereotype.Component;

/** Shows in /actuator/health whether this panel holds the lease; a panel that does not is as healthy as one that does. */
@Component
class LeaseHealthIndicator implements HealthIndicator {

    private final LeaderLease lease;

    LeaseHealthIndicator(LeaderLease lease) {
        this.lease = lease;
    }

    @Override
    public Health health() {
        return Health.up().withDetail("instance", lease.instanceId()).withDetail("holder", lease.held())
                .withDetail("fencing", lease.fencing()).build();
    }
}
