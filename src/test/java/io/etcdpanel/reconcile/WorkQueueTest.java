package io.etcdpanel.reconcile;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** A cluster is queued once, never passed over twice at once, and asked-for-again work is not lost. */
class WorkQueueTest {

    @Test
    void aClusterAddedTwiceIsTakenOnce() throws InterruptedException {
        WorkQueue queue = new WorkQueue();
        queue.add("a", null);
        queue.add("a", null);
        queue.add("b", null);
        assertThat(queue.take()).isEqualTo("a");
        assertThat(queue.take()).isEqualTo("b");
    }

    @Test
    void aClusterAskedForDuringItsPassIsQueuedAgainWhenThePassEnds() throws InterruptedException {
        WorkQueue queue = new WorkQueue();
        queue.add("a", null);
        assertThat(queue.take()).isEqualTo("a");
        queue.add("a", null);
        queue.add("b", null);
        assertThat(queue.take()).as("a is in its pass, so b comes first").isEqualTo("b");
        queue.done("a");
        assertThat(queue.take()).isEqualTo("a");
    }

    @Test
    void aSweepsLookIsHandedOverOnceAndASpecChangeDropsIt() {
        WorkQueue queue = new WorkQueue();
        io.etcdpanel.health.ClusterHealth look = io.etcdpanel.health.ClusterHealth.unobserved("test");
        queue.add("a", look);
        assertThat(queue.takeObservation("a")).isSameAs(look);
        assertThat(queue.takeObservation("a")).isNull();
        queue.add("a", look);
        queue.add("a", null);
        assertThat(queue.takeObservation("a")).isNull();
    }
}
