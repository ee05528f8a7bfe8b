package io.etcdpanel.restore;

import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import io.etcdpanel.runtime.SnapshotLinks;
import org.springframework.stereotype.Component;

/**
 * Owns the one-time tokens that let a restore Job's pod fetch a snapshot from the panel: each names one
 * file, is good for one request until it expires, and lives only in this panel's memory (a restarted
 * panel's restore asks for new ones).
 */
@Component
public class SnapshotHandoff implements SnapshotLinks {

    public static final String PATH = "/handoff/snapshots/";

    private record Grant(Path snapshot, Instant expires) {
    }

    private final SecureRandom random = new SecureRandom();
    private final Map<String, Grant> grants = new ConcurrentHashMap<>();
    private final Clock clock;

    SnapshotHandoff(Clock clock) {
        this.clock = clock;
    }

    @Override
    public String oneTimePath(Path snapshot, Duration validFor) {
        Instant now = clock.instant();
        grants.values().removeIf(grant -> grant.expires().isBefore(now));
        byte[] secret = new byte[32];
        random.nextBytes(secret);
        String token = Base64.getUrlEncoder().withoutPadding().encodeToString(secret);
        grants.put(token, new Grant(snapshot, now.plus(validFor)));
        return PATH + token;
    }

    /** The file the token names; the token is spent. Unknown, spent and expired tokens all get the same refusal. */
    public Path redeem(String token) {
        Grant grant = token == null ? null : grants.remove(token);
        if (grant == null || grant.expires().isBefore(clock.instant())) {
            throw new HandoffRefused();
        }
        return grant.snapshot();
    }
}
