package io.etcdpanel.support;

import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Supplier;

/** Waits for a condition by polling it until a deadline; the failure names the condition and what was last seen. */
public final class Poll {

    private static final Duration EVERY = Duration.ofMillis(200);

    private Poll() {
    }

    public static void until(String condition, Duration deadline, Supplier<Boolean> check) {
        untilValue(condition, deadline, () -> Boolean.TRUE.equals(check.get()) ? Boolean.TRUE : null);
    }

    /** Polls until the supplier gives a non-null value and returns it. */
    public static <T> T untilValue(String condition, Duration deadline, Supplier<T> check) {
        return untilValue(condition, deadline, EVERY, check);
    }

    /** The same, looking every {@code every}: for a moment that passes quickly. */
    public static <T> T untilValue(String condition, Duration deadline, Duration every, Supplier<T> check) {
        Instant end = Instant.now().plus(deadline);
        RuntimeException lastFailure = null;
        while (Instant.now().isBefore(end)) {
            try {
                T value = check.get();
                if (value != null) {
                    return value;
                }
            } catch (RuntimeException e) {
                lastFailure = e;
            }
            LockSupport.parkNanos(every.toNanos());
        }
        throw new AssertionError("timed out after " + deadline.toSeconds() + " s waiting for: " + condition
                + (lastFailure == null ? "" : " (last error: " + lastFailure.getMessage() + ")"), lastFailure);
    }
}
