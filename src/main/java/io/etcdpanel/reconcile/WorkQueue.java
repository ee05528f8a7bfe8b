package io.etcdpanel.reconcile;

import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.LinkedBlockingQueue;

import io.etcdpanel.health.ClusterHealth;

/**
 * Clusters waiting for a pass: each at most once in the queue and never in two passes at once;
 * one asked for again while in a pass is queued again when that pass ends. A cluster may come with
 * a fresh look from the periodic sweep, so its pass need not probe again.
 */
final class WorkQueue {

    private final LinkedBlockingQueue<String> queue = new LinkedBlockingQueue<>();
    private final Set<String> waiting = new HashSet<>();
    private final Set<String> inPass = new HashSet<>();
    private final Map<String, ClusterHealth> observations = new HashMap<>();

    synchronized void add(String cluster, ClusterHealth observation) {
        if (observation == null) {
            observations.remove(cluster);
        } else {
            observations.put(cluster, observation);
        }
        if (waiting.add(cluster) && !inPass.contains(cluster)) {
            queue.add(cluster);
        }
    }

    String take() throws InterruptedException {
        String cluster = queue.take();
        synchronized (this) {
            waiting.remove(cluster);
            inPass.add(cluster);
        }
        return cluster;
    }

    /** The sweep's look at this cluster, once; null when the pass must look for itself. */
    synchronized ClusterHealth takeObservation(String cluster) {
        return observations.remove(cluster);
    }

    synchronized void done(String cluster) {
        inPass.remove(cluster);
        notifyAll();
        if (waiting.contains(cluster)) {
            queue.add(cluster);
        }
    }

    /** Waits until no pass over this cluster is running; says whether that happened within the timeout. */
    synchronized boolean awaitNoPass(String cluster, java.time.Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (inPass.contains(cluster)) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                return false;
            }
            java.util.concurrent.TimeUnit.NANOSECONDS.timedWait(this, left);
        }
        return true;
    }
}
