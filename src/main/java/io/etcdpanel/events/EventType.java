package io.etcdpanel.events;

import java.util.Arrays;
import java.util.Optional;

/** Normal for what went as planned, Warning for what needs a look. */
public enum EventType {
    Normal, Warning;

    /** The type a filter names, or none for a blank or unknown name (both types then). */
    public static Optional<EventType> parse(String name) {
        return Arrays.stream(values()).filter(type -> type.name().equalsIgnoreCase(name == null ? "" : name.strip())).findFirst();
    }
}
