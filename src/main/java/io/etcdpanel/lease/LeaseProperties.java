package io.etcdpanel.lease;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Owns the leader lease's timing: a holder renews every {@code renewEvery}, and a lease not renewed for
 * {@code duration} may be taken by another panel. {@code name} is the lease's row; panels share one by default.
 */
@ConfigurationProperties("etcdpanel.lease")
public record LeaseProperties(@DefaultValue("5s") Duration renewEvery, @DefaultValue("15s") Duration duration,
        @DefaultValue("leader") String name) {

    public LeaseProperties {
        if (renewEvery.isNegative() || renewEvery.isZero() || renewEvery.compareTo(duration) >= 0) {
            throw new IllegalArgumentException("etcdpanel.lease.renew-every (" + renewEvery + ") must be positive and shorter than "
                    + "etcdpanel.lease.duration (" + duration + "), or the lease lapses between renewals");
        }
    }
}
