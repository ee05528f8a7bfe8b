package io.etcdpanel.events;

import java.time.Instant;

/** Which audit entries to list: by cluster, by who, within [from, to); null means any. */
public record AuditQuery(String cluster, String actor, Instant from, Instant to, int limit) {
}
