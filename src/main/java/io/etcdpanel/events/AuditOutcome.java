package io.etcdpanel.events;

/** How a change ended: still running (or the panel died during it), done, refused before it ran, or failed while running. */
public enum AuditOutcome {
    Started, Succeeded, Refused, Failed
}
