package io.etcdpanel.catalogue;

import java.time.Instant;

/** One Kubernetes-style condition: a named fact, its status, why, and since when. */
public record Condition(String type, String status, String reason, String message, Instant lastTransitionTime) {

    public static final String AVAILABLE = "Available";
    public static final String QUORUM = "Quorum";
    public static final String RECONCILED = "Reconciled";

    public static Condition of(String type, boolean holds, String reason, String message) {
        return new Condition(type, holds ? "True" : "False", reason, message, null);
    }

    /** Keeps the earlier transition time when the status did not change. */
    Condition since(Condition previous, Instant now) {
        Instant since = previous != null && previous.status().equals(status) && previous.lastTransitionTime() != null
                ? previous.lastTransitionTime() : now;
        return new Condition(type, status, reason, message, since);
    }

    public boolean holds() {
        return "True".equals(status);
    }
}
