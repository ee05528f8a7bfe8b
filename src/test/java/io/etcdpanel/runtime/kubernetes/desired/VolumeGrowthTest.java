package io.etcdpanel.runtime.kubernetes.desired;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;

import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaimBuilder;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaimConditionBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.storage.StorageClassBuilder;
import org.junit.jupiter.api.Test;

/** Which claims are asked for more, when the growth is done, what the template says, and why a class refuses. */
class VolumeGrowthTest {

    @Test
    void onlyClaimsAskingForLessThanTheSizeAndNotBeingDeletedAreAsked() {
        PersistentVolumeClaim small = claim("data-orders-0", "1Gi", "1Gi", "Bound");
        PersistentVolumeClaim asked = claim("data-orders-1", "2Gi", "1Gi", "Bound");
        PersistentVolumeClaim bigger = claim("data-orders-2", "3Gi", "3Gi", "Bound");
        PersistentVolumeClaim going = claim("data-orders-3", "1Gi", "1Gi", "Bound");
        going.getMetadata().setDeletionTimestamp("2026-11-26T13:00:00Z");

        assertThat(VolumeGrowth.toAsk("2048Mi", List.of(small, asked, bigger, going))).containsExactly(small);
    }

    @Test
    void theGrowthIsDoneWhenEveryClaimsCapacityHoldsTheSize() {
        assertThat(VolumeGrowth.remaining("2Gi", List.of(claim("data-orders-0", "2Gi", "2Gi", "Bound"),
                claim("data-orders-1", "2Gi", "4Gi", "Bound")))).isEmpty();
    }

    @Test
    void whatRemainsNamesEachClaimsStage() {
        PersistentVolumeClaim pending = claim("data-orders-1", "2Gi", "1Gi", "Bound");
        pending.getStatus().getConditions().add(new PersistentVolumeClaimConditionBuilder()
                .withType("FileSystemResizePending").withStatus("True").build());

        assertThat(VolumeGrowth.remaining("2Gi", List.of(claim("data-orders-0", "2Gi", "2Gi", "Bound"), pending,
                claim("data-orders-2", "2Gi", "1Gi", "Bound"), claim("data-orders-3", "1Gi", "1Gi", "Bound"),
                claim("data-orders-4", "1Gi", null, "Pending"))))
                .contains("growing volumes to 2Gi: 1 of 5 claims hold it; "
                        + "data-orders-1 waits for its node to grow the file system (FileSystemResizePending), "
                        + "data-orders-2 is being resized (1Gi now), data-orders-3 is to be asked for it, "
                        + "data-orders-4 waits to be bound to a volume");
    }

    @Test
    void theTemplateSizeIsReadAndComparedByValue() {
        StatefulSet statefulSet = EtcdStatefulSets.statefulSet(DesiredFixtures.orders(), 3, RuntimeSettings.DEFAULT);

        assertThat(VolumeGrowth.templateSize(statefulSet)).contains("20Gi");
        assertThat(VolumeGrowth.templateDiffers(statefulSet, "20480Mi")).isFalse();
        assertThat(VolumeGrowth.templateDiffers(statefulSet, "40Gi")).isTrue();
    }

    @Test
    void aClassWithoutExpansionIsRefusedByNameWithWhatToDo() {
        var fixed = new StorageClassBuilder().withNewMetadata().withName("standard").endMetadata()
                .withProvisioner("ebs.csi.aws.com").build();

        assertThat(VolumeGrowth.classRefusal("standard", fixed, List.of("data-orders-0", "data-orders-1"), "2Gi")).hasValueSatisfying(
                why -> assertThat(why).contains("storage class standard does not allow volume expansion",
                        "data-orders-0, data-orders-1 cannot grow to 2Gi", "(ebs.csi.aws.com)", "allowVolumeExpansion: true",
                        "restore it there"));
        assertThat(VolumeGrowth.classRefusal("gone", null, List.of("data-orders-0"), "2Gi")).hasValueSatisfying(
                why -> assertThat(why).contains("storage class gone of the claim data-orders-0 does not exist"));
        assertThat(VolumeGrowth.classRefusal(null, null, List.of("data-orders-0"), "2Gi")).hasValueSatisfying(
                why -> assertThat(why).startsWith("the claim data-orders-0 has no storage class"));
    }

    @Test
    void aClassThatAllowsExpansionIsNoRefusal() {
        var expandable = new StorageClassBuilder().withNewMetadata().withName("fast").endMetadata().withProvisioner("x")
                .withAllowVolumeExpansion(true).build();

        assertThat(VolumeGrowth.classRefusal("fast", expandable, List.of("data-orders-0"), "2Gi")).isEmpty();
    }

    private static PersistentVolumeClaim claim(String name, String requested, String capacity, String phase) {
        PersistentVolumeClaimBuilder claim = new PersistentVolumeClaimBuilder().withNewMetadata().withName(name).endMetadata()
                .withNewSpec().withStorageClassName("fast").withNewResources().addToRequests("storage", new Quantity(requested))
                .endResources().endSpec()
                .withNewStatus().withPhase(phase).withConditions(new ArrayList<>()).endStatus();
        if (capacity != null) {
            claim.editStatus().addToCapacity("storage", new Quantity(capacity)).endStatus();
        }
        return claim.build();
    }
}
