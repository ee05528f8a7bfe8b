package io.etcdpanel.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.times;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

import io.etcdpanel.backup.BackupFinished;
import io.etcdpanel.backup.BackupHealthCheck;
import io.etcdpanel.catalogue.ClusterRemoved;
import io.etcdpanel.events.EventRecorded;
import io.etcdpanel.events.EventType;
import io.micrometer.core.instrument.search.Search;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;

/** The newest good backup's time and the schedule's period come from the records: at the first pass, after a backup, after a schedule change. */
class BackupAgeMetricsTest {

    private static final Instant GOOD = Instant.parse("2026-01-02T03:04:05Z");

    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private final BackupHealthCheck backups = mock(BackupHealthCheck.class);
    private final BackupAgeMetrics metrics = new BackupAgeMetrics(backups, registry);

    private double gauge(String name) {
        return registry.get(name).tag("cluster", "orders").gauge().value();
    }

    @Test
    void theFirstPassReadsTheRecordsSoTheMetersHoldAfterARestart() {
        when(backups.newestGood("orders")).thenReturn(Optional.of(GOOD));
        when(backups.schedulePeriod("orders")).thenReturn(Optional.of(Duration.ofMinutes(15)));

        metrics.onPass(SeenCluster.named("orders").answering(0, 1).pass());
        metrics.onPass(SeenCluster.named("orders").answering(0, 1).pass());

        assertThat(gauge("etcdpanel.backup.last.success.timestamp")).isEqualTo(GOOD.getEpochSecond());
        assertThat(gauge("etcdpanel.backup.schedule.period")).isEqualTo(900);
        verify(backups, times(1)).newestGood("orders");
    }

    @Test
    void aClusterWithoutAGoodBackupOrAnEnabledScheduleHasNoRows() {
        when(backups.newestGood("orders")).thenReturn(Optional.empty());
        when(backups.schedulePeriod("orders")).thenReturn(Optional.empty());

        metrics.onPass(SeenCluster.named("orders").pass());

        assertThat(Search.in(registry).tag("cluster", "orders").gauges()).isEmpty();
    }

    @Test
    void aBackupAndAScheduleChangeAreReadAgainAndARemovedClusterLeavesNoRows() {
        when(backups.newestGood("orders")).thenReturn(Optional.empty());
        when(backups.schedulePeriod("orders")).thenReturn(Optional.empty());
        metrics.onPass(SeenCluster.named("orders").pass());

        when(backups.newestGood("orders")).thenReturn(Optional.of(GOOD));
        metrics.onBackup(new BackupFinished("orders", Duration.ofSeconds(1), 10, GOOD, null));
        assertThat(gauge("etcdpanel.backup.last.success.timestamp")).isEqualTo(GOOD.getEpochSecond());

        when(backups.schedulePeriod("orders")).thenReturn(Optional.of(Duration.ofHours(1)));
        metrics.onEvent(new EventRecorded("orders", EventType.Normal, "BackupScheduleSet"));
        assertThat(gauge("etcdpanel.backup.schedule.period")).isEqualTo(3600);

        metrics.onRemoved(new ClusterRemoved("orders"));
        assertThat(Search.in(registry).tag("cluster", "orders").gauges()).isEmpty();
    }

    @Test
    void aFailedReadLeavesThePassAloneAndIsTriedAgainOnTheNextPass() {
        when(backups.newestGood("orders")).thenThrow(new IllegalStateException("database gone")).thenReturn(Optional.of(GOOD));
        when(backups.schedulePeriod("orders")).thenReturn(Optional.empty());

        metrics.onPass(SeenCluster.named("orders").pass());
        metrics.onPass(SeenCluster.named("orders").pass());

        assertThat(gauge("etcdpanel.backup.last.success.timestamp")).isEqualTo(GOOD.getEpochSecond());
    }
}
