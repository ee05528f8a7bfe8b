package io.etcdpanel.events;

/** Published after an event is stored, for whoever counts events (metrics). */
public record EventRecorded(String cluster, EventType type, String reason) {
}
