package io.etcdpanel.events;

import java.time.Instant;

/** An event as the API and pages show it. */
public record EventView(Instant time, EventType type, String reason, String message, String actor) {
}
