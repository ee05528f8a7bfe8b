package io.etcdpanel.catalogue;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.groups.Tuple.tuple;

import java.util.Collections;
import java.util.Map;

import org.junit.jupiter.api.Test;

class ClusterPatchTest {

    private final ClusterSpec current = new ClusterSpec("orders", 3, "3.5.21", "kubernetes", "shop",
            new ClusterSpec.Storage("8Gi", null), new ClusterSpec.Resources("500m", "1Gi"), 0);

    @Test
    void replicasAndFieldsRepeatingTheirValueAreAccepted() {
        ClusterPatch patch = new ClusterPatch(Map.of("replicas", 5, "version", "3.5.21",
                "storage", Collections.singletonMap("size", "8Gi")));

        assertThat(patch.problems(current)).isEmpty();
        assertThat(patch.replicas(current)).isEqualTo(5);
    }

    @Test
    void aStorageChangeIsRefusedWithTheWayToBiggerVolumes() {
        assertThat(new ClusterPatch(Map.of("storage", Map.of("size", "20Gi"))).problems(current))
                .singleElement().satisfies(problem -> {
                    assertThat(problem.field()).isEqualTo("storage");
                    assertThat(problem.message()).contains("not resized in place", "import this cluster's newest snapshot");
                });
    }

    @Test
    void otherFixedFieldsAndUnknownFieldsAreRefused() {
        assertThat(new ClusterPatch(Map.of("version", "3.4.23", "colour", "blue")).problems(current))
                .extracting(FieldProblem::field, FieldProblem::message)
                .containsExactlyInAnyOrder(
                        tuple("version", "cannot be changed once the cluster exists; only replicas can be patched"),
                        tuple("colour", "is not a field of a cluster spec"));
    }
}
