package io.etcdpanel.health;

import java.time.Duration;
import java.util.List;

/** Published after a look at one or more clusters: how long it took and each probe's round trip. */
public record HealthChecked(int clusters, boolean sweep, Duration took, List<Duration> probeRoundTrips) {
}
