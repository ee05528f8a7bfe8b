package io.etcdpanel.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;

import io.etcdpanel.backup.SnapshotStatus;
import io.etcdpanel.catalogue.Phase;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;

class FormatsTest {

    private static final Instant NOW = Instant.parse("2026-03-01T12:00:00Z");

    private final Formats fmt = new Formats(Clock.fixed(NOW, ZoneOffset.UTC));

    @ParameterizedTest
    @CsvSource({
            "0, 0 B",
            "1023, 1023 B",
            "1024, 1 KiB",
            "1536, 1.5 KiB",
            "20480, 20 KiB",
            "1048575, 1 MiB",
            "1048064, 1023.5 KiB",
            "1048576, 1 MiB",
            "2147483648, 2 GiB",
            "8589934592, 8 GiB",
            "5497558138880, 5 TiB"})
    void sizesReadInBinaryUnitsWithAtMostOneDecimal(long bytes, String expected) {
        assertThat(fmt.bytes(bytes)).isEqualTo(expected);
    }

    @ParameterizedTest
    @CsvSource({
            "-30, just now",
            "0, just now",
            "4, just now",
            "5, 5 seconds ago",
            "59, 59 seconds ago",
            "60, 1 minute ago",
            "179, 2 minutes ago",
            "3599, 59 minutes ago",
            "3600, 1 hour ago",
            "86399, 23 hours ago",
            "86400, 1 day ago",
            "259200, 3 days ago"})
    void agesReadInTheLargestWholeUnit(long secondsAgo, String expected) {
        assertThat(fmt.ago(NOW.minusSeconds(secondsAgo))).isEqualTo(expected);
    }

    @Test
    void aMissingTimeReadsAsADashAndHasNoInstant() {
        assertThat(fmt.ago(null)).isEqualTo("—");
        assertThat(fmt.iso(null)).isEmpty();
    }

    @Test
    void theExactInstantIsIso8601() {
        assertThat(fmt.iso(NOW)).isEqualTo("2026-03-01T12:00:00Z");
    }

    @ParameterizedTest
    @EnumSource(Phase.class)
    void everyPhaseHasABadgeColour(Phase phase) {
        assertThat(fmt.phaseColour(phase)).isIn("success", "warning", "danger", "info", "dark", "secondary");
    }

    @Test
    void servingIsGreenBrokenIsRedAndUnknownIsGrey() {
        assertThat(fmt.phaseColour(Phase.Running)).isEqualTo("success");
        assertThat(fmt.phaseColour(Phase.Degraded)).isEqualTo("warning");
        assertThat(fmt.phaseColour(Phase.Failed)).isEqualTo("danger");
        assertThat(fmt.phaseColour(null)).isEqualTo("secondary");
    }

    @Test
    void aSnapshotIsGreenWhenTakenRedWhenFailedAndBlueWhileRunning() {
        assertThat(fmt.snapshotColour(SnapshotStatus.Succeeded)).isEqualTo("success");
        assertThat(fmt.snapshotColour(SnapshotStatus.Failed)).isEqualTo("danger");
        assertThat(fmt.snapshotColour(SnapshotStatus.Running)).isEqualTo("info");
    }

    @Test
    void aDigestShowsItsFirstTwelveHexDigitsAndAMissingOneADash() {
        assertThat(fmt.shortSha("3f2a9c01b7de55aa0011223344556677889900aabbccddeeff00112233445566")).isEqualTo("3f2a9c01b7de");
        assertThat(fmt.shortSha("abc")).isEqualTo("abc");
        assertThat(fmt.shortSha(null)).isEqualTo("—");
    }
}
