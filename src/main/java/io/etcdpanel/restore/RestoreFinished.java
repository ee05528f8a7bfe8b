package io.etcdpanel.restore;

/** A restore ended; {@code result} is {@code success} or {@code failure}. */
public record RestoreFinished(String cluster, String result) {
}
