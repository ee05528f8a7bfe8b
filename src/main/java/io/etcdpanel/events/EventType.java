package io.etcdpanel.events;

/** Normal for what went as planned, Warning for what needs a look. */
public enum EventType {
    Normal, Warning
}
