package io.etcdpanel.backup;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import io.etcdpanel.support.Poll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.context.LifecycleProperties;

class BackupDrainTest {

    @Test
    void admitsBackupsUntilItStopsAndThenRefusesThem() {
        BackupDrain drain = drain(Duration.ofSeconds(1));
        drain.start();
        drain.admit().close();
        drain.stop();
        assertThatThrownBy(drain::admit).isInstanceOf(PanelShuttingDown.class);
    }

    @Test
    void aBackupThatEndsWithinTheGraceIsWaitedForAndNotCancelled() throws Exception {
        BackupDrain drain = drain(Duration.ofSeconds(30));
        drain.start();
        BackupDrain.Ticket ticket = drain.admit();
        CompletableFuture<Void> stopped = CompletableFuture.runAsync(drain::stop);
        Poll.until("the drain to refuse new backups", Duration.ofSeconds(5), () -> !drain.isRunning());
        assertThat(stopped).isNotDone();
        ticket.close();
        stopped.get(5, TimeUnit.SECONDS);
        assertThat(ticket.cancelled()).isFalse();
    }

    @Test
    void aBackupStillRunningAfterTheGraceIsCancelled() throws Exception {
        BackupDrain drain = drain(Duration.ZERO);
        drain.start();
        BackupDrain.Ticket ticket = drain.admit();
        CompletableFuture<Void> cleanedUp = CompletableFuture.runAsync(() -> {
            Poll.until("the backup to be cancelled", Duration.ofSeconds(5), ticket::cancelled);
            ticket.close();
        });
        drain.stop();
        cleanedUp.get(5, TimeUnit.SECONDS);
        assertThat(ticket.cancelled()).isTrue();
    }

    @Test
    void refusesAGraceTheShutdownPhaseWouldNotWaitFor() {
        LifecycleProperties lifecycle = new LifecycleProperties();
        lifecycle.setTimeoutPerShutdownPhase(Duration.ofSeconds(30));
        assertThatThrownBy(() -> new BackupDrain(new ShutdownProperties(Duration.ofSeconds(30)), lifecycle))
                .hasMessageContaining("spring.lifecycle.timeout-per-shutdown-phase of at least PT35S");
    }

    private static BackupDrain drain(Duration grace) {
        LifecycleProperties lifecycle = new LifecycleProperties();
        lifecycle.setTimeoutPerShutdownPhase(Duration.ofSeconds(40));
        return new BackupDrain(new ShutdownProperties(grace), lifecycle);
    }
}
