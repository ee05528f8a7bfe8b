package io.etcdpanel.runtime.kubernetes;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.apps.StatefulSetBuilder;
import org.junit.jupiter.api.Test;

class StatefulSetProgressTest {

    @Test
    void aStatusOfAnOlderGenerationIsNotTrusted() {
        assertThat(StatefulSetProgress.unsettled(statefulSet(5L, 4L, 3, 3, "rev-a", "rev-a")))
                .hasValue("StatefulSet orders: its controller has not seen generation 5 yet (it last saw 4)");
        assertThat(StatefulSetProgress.unsettled(statefulSet(1L, null, 0, 3, null, null)))
                .hasValue("StatefulSet orders: its controller has not seen generation 1 yet");
    }

    @Test
    void aTemplateBeingRolledOutIsNotSettled() {
        assertThat(StatefulSetProgress.unsettled(statefulSet(7L, 7L, 1, 3, "rev-a", "rev-b")))
                .hasValue("StatefulSet orders: 1 of 3 pods run its latest template (rev-b)");
    }

    @Test
    void theLatestGenerationCarriedOutIsSettled() {
        assertThat(StatefulSetProgress.unsettled(statefulSet(7L, 7L, 3, 3, "rev-b", "rev-b"))).isEmpty();
        assertThat(StatefulSetProgress.unsettled(statefulSet(8L, 8L, 3, 3, "rev-a", "rev-b")))
                .as("every pod updated; the controller moves currentRevision next").isEmpty();
    }

    private static StatefulSet statefulSet(Long generation, Long observed, int updated, int replicas, String current, String update) {
        return new StatefulSetBuilder()
                .withNewMetadata().withName("orders").withGeneration(generation).endMetadata()
                .withNewSpec().withReplicas(replicas).endSpec()
                .withNewStatus().withObservedGeneration(observed).withUpdatedReplicas(updated).withReplicas(replicas)
                .withCurrentRevision(current).withUpdateRevision(update).endStatus()
                .build();
    }
}
