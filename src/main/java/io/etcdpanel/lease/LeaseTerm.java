package io.etcdpanel.lease;

import java.time.Duration;
import java.time.Instant;

/** The lease's time rule: a lease renewed at some instant is held until the duration has passed, and not at that instant. */
record LeaseTerm(Duration duration) {

    Instant expiresAt(Instant renewedAt) {
        return renewedAt.plus(duration);
    }

    /** Whether a lease last renewed at {@code renewedAt} (null: never) still holds at {@code now}. */
    boolean holds(Instant renewedAt, Instant now) {
        return renewedAt != null && !now.isBefore(renewedAt) && now.isBefore(expiresAt(renewedAt));
    }
}
