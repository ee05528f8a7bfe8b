package io.etcdpanel.restore;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicReference;

import org.junit.jupiter.api.Test;

class SnapshotHandoffTest {

    private final AtomicReference<Instant> now = new AtomicReference<>(Instant.parse("2026-11-26T10:00:00Z"));
    private final SnapshotHandoff handoff = new SnapshotHandoff(new Clock() {
        @Override
        public ZoneOffset getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now.get();
        }
    });
    private final Path snapshot = Path.of("/data/snapshots/orders/1.db");

    @Test
    void aLinkServesItsFileOnceAndThenNeverAgain() {
        String path = handoff.oneTimePath(snapshot, Duration.ofMinutes(5));

        assertThat(path).startsWith(SnapshotHandoff.PATH);
        String token = path.substring(SnapshotHandoff.PATH.length());
        assertThat(token).hasSizeGreaterThanOrEqualTo(43);
        assertThat(handoff.redeem(token)).isEqualTo(snapshot);
        assertThatThrownBy(() -> handoff.redeem(token)).isInstanceOf(HandoffRefused.class);
    }

    @Test
    void anExpiredOrUnknownLinkIsRefused() {
        String token = handoff.oneTimePath(snapshot, Duration.ofMinutes(5)).substring(SnapshotHandoff.PATH.length());
        now.set(now.get().plus(Duration.ofMinutes(6)));

        assertThatThrownBy(() -> handoff.redeem(token)).isInstanceOf(HandoffRefused.class);
        assertThatThrownBy(() -> handoff.redeem("made-up")).isInstanceOf(HandoffRefused.class);
        assertThatThrownBy(() -> handoff.redeem(null)).isInstanceOf(HandoffRefused.class);
    }

    @Test
    void everyLinkHasItsOwnToken() {
        assertThat(handoff.oneTimePath(snapshot, Duration.ofMinutes(5))).isNotEqualTo(handoff.oneTimePath(snapshot, Duration.ofMinutes(5)));
    }
}
