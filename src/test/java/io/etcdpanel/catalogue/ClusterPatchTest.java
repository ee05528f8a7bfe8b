package io.etcdpanel.catalogue;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.groups.Tuple.tuple;

import java.util.Collections;
import java.util.Map;

import org.junit.jupiter.api.Test;

/** What a merge patch of a spec may change: the replica count, and a bigger volume size. */
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
    void aBiggerSizeIsAcceptedAndTheClassLeftOutKeepsItsValue() {
        ClusterPatch patch = new ClusterPatch(Map.of("storage", Map.of("size", "20Gi")));

        assertThat(patch.problems(current)).isEmpty();
        assertThat(patch.storageSize(current)).isEqualTo("20Gi");
        assertThat(new ClusterPatch(Map.of("replicas", 5)).storageSize(current)).isEqualTo("8Gi");
    }

    @Test
    void aSmallerSizeIsRefusedOnStorageSizeWithTheWayToSmallerVolumes() {
        assertThat(new ClusterPatch(Map.of("storage", Map.of("size", "8000Mi"))).problems(current))
                .singleElement().satisfies(problem -> {
                    assertThat(problem.field()).isEqualTo("storage.size");
                    assertThat(problem.message()).contains("cannot shrink from 8Gi to 8000Mi", "import this cluster's newest snapshot");
                });
    }

    @Test
    void theSameSizeWrittenAnotherWayIsNoChange() {
        ClusterPatch patch = new ClusterPatch(Map.of("storage", Map.of("size", "8192Mi")));

        assertThat(patch.problems(current)).isEmpty();
        assertThat(Quantities.compare(patch.storageSize(current), "8Gi")).isZero();
    }

    @Test
    void anotherClassAnUnknownStorageKeyOrNoQuantityIsRefused() {
        assertThat(new ClusterPatch(Map.of("storage", Map.of("storageClass", "fast", "speed", "high", "size", "lots")))
                .problems(current)).extracting(FieldProblem::field)
                .containsExactlyInAnyOrder("storage.storageClass", "storage.speed", "storage.size");
        assertThat(new ClusterPatch(Collections.singletonMap("storage", Collections.singletonMap("size", null))).problems(current))
                .extracting(FieldProblem::field).containsExactly("storage.size");
    }

    @Test
    void quantitiesCompareByWhatTheyMeanNotHowTheyAreWritten() {
        assertThat(Quantities.compare("1Gi", "1024Mi")).isZero();
        assertThat(Quantities.compare("1G", "1Gi")).isNegative();
        assertThat(Quantities.compare("1.5Gi", "1536Mi")).isZero();
        assertThat(Quantities.compare("2Gi", "2147483647")).isPositive();
        assertThat(Quantities.isQuantity("2 Gi")).isFalse();
    }

    @Test
    void otherFixedFieldsAndUnknownFieldsAreRefused() {
        assertThat(new ClusterPatch(Map.of("version", "3.4.23", "colour", "blue")).problems(current))
                .extracting(FieldProblem::field, FieldProblem::message)
                .containsExactlyInAnyOrder(
                        tuple("version", "cannot be changed once the cluster exists; only replicas and storage.size can be patched"),
                        tuple("colour", "is not a field of a cluster spec"));
    }
}
