package io.etcdpanel.reconcile;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Owns when a member that keeps stopping may be started again, as the kubelet does for a
 * crash-looping container: at once the first time, then after 10 s, 20 s, 40 s … up to 5 minutes;
 * a member that stayed up for 10 minutes since its last start is forgiven.
 */
final class RestartBackoff {

    static final Duration FIRST_DELAY = Duration.ofSeconds(10);
    static final Duration MAX_DELAY = Duration.ofMinutes(5);
    static final Duration FORGIVEN_AFTER = Duration.ofMinutes(10);

    /** How often a member was started again lately, and when last. */
    private record History(int restarts, Instant last) {
    }

    private final Map<String, History> histories = new ConcurrentHashMap<>();

    /** The Restart with only the members that may start now, or a Wait that says when the next may. */
    Action gate(String cluster, Action.Restart restart, Instant now) {
        List<String> allowed = restart.members().stream().filter(member -> waitBefore(cluster, member, now).isZero()).toList();
        if (!allowed.isEmpty()) {
            return new Action.Restart(allowed);
        }
        String member = restart.members().get(0);
        History history = histories.get(key(cluster, member));
        return new Action.Wait(member + " keeps stopping (started again " + history.restarts() + " times in the last "
                + FORGIVEN_AFTER.toMinutes() + " minutes); next start in " + waitBefore(cluster, member, now).toSeconds() + " s; see its log");
    }

    /** Records a start; returns how many times the member was started again lately, this one included. */
    int restarted(String cluster, String member, Instant now) {
        return histories.compute(key(cluster, member), (key, history) -> history == null || forgiven(history, now)
                ? new History(1, now) : new History(history.restarts() + 1, now)).restarts();
    }

    void forget(String cluster) {
        histories.keySet().removeIf(key -> key.startsWith(cluster + "/"));
    }

    private Duration waitBefore(String cluster, String member, Instant now) {
        History history = histories.get(key(cluster, member));
        if (history == null || forgiven(history, now)) {
            return Duration.ZERO;
        }
        Duration delay = FIRST_DELAY.multipliedBy(1L << Math.min(history.restarts() - 1, 10));
        Duration left = (delay.compareTo(MAX_DELAY) > 0 ? MAX_DELAY : delay).minus(Duration.between(history.last(), now));
        return left.isNegative() ? Duration.ZERO : left;
    }

    private static boolean forgiven(History history, Instant now) {
        return Duration.between(history.last(), now).compareTo(FORGIVEN_AFTER) > 0;
    }

    private static String key(String cluster, String member) {
        return cluster + "/" + member;
    }
}
