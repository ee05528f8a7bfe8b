package io.etcdpanel.etcd;

import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BooleanSupplier;
import java.util.function.LongConsumer;

import org.springframework.stereotype.Component;

/**
 * Streams one member's snapshot (the bolt database and its sha256) into a stream, never holding it
 * in memory, reporting the bytes so far; a stream that stalls or runs too long is abandoned.
 */
@Component
public class SnapshotStreamer {

    private static final long LOOK_EVERY_MILLIS = 500;
    private final EtcdClients clients;

    SnapshotStreamer(EtcdClients clients) {
        this.clients = clients;
    }

    /** Streams from exactly this member; returns the bytes written. The stream is abandoned once {@code abandon} says so. */
    public long stream(String endpoint, OutputStream target, Duration timeout, Duration stallTimeout, LongConsumer progress,
            BooleanSupplier abandon) {
        Counting counting = new Counting(target, progress);
        CompletableFuture<Long> call = clients.forEndpoint(endpoint).getMaintenanceClient().snapshot(counting);
        long started = System.nanoTime();
        while (true) {
            try {
                return call.get(LOOK_EVERY_MILLIS, TimeUnit.MILLISECONDS);
            } catch (TimeoutException e) {
                if (abandon.getAsBoolean()) {
                    call.cancel(true);
                    throw new EtcdCallFailed("the snapshot stream from " + endpoint + " was abandoned after " + counting.bytes.get()
                            + " bytes", e);
                }
                long now = System.nanoTime();
                if (now - counting.lastWrite.get() > stallTimeout.toNanos()) {
                    call.cancel(true);
                    throw new EtcdCallFailed("the snapshot stream from " + endpoint + " stalled: no bytes for "
                            + stallTimeout.toSeconds() + " s after " + counting.bytes.get() + " bytes", e);
                }
                if (now - started > timeout.toNanos()) {
                    call.cancel(true);
                    throw new EtcdCallFailed("the snapshot from " + endpoint + " took longer than " + timeout.toMinutes() + " min", e);
                }
            } catch (ExecutionException e) {
                throw new EtcdCallFailed("snapshot from " + endpoint + ": " + EtcdCalls.describe(e.getCause()), e.getCause());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                call.cancel(true);
                throw new EtcdCallFailed("snapshot from " + endpoint + ": interrupted", e);
            }
        }
    }

    /** Counts what passes through, and when it last did. */
    private static final class Counting extends FilterOutputStream {

        final AtomicLong bytes = new AtomicLong();
        final AtomicLong lastWrite = new AtomicLong(System.nanoTime());
        private final LongConsumer progress;

        Counting(OutputStream target, LongConsumer progress) {
            super(target);
            this.progress = progress;
        }

        @Override
        public void write(byte[] buffer, int offset, int length) throws IOException {
            out.write(buffer, offset, length);
            lastWrite.set(System.nanoTime());
            progress.accept(bytes.addAndGet(length));
        }

        @Override
        public void write(int b) throws IOException {
            write(new byte[] {(byte) b}, 0, 1);
        }
    }
}
