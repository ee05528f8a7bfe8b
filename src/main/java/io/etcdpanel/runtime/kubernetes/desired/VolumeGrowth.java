package io.etcdpanel.runtime.kubernetes.desired;

import java.math.BigDecimal;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.stream.Collectors;

import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaimCondition;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.storage.StorageClass;

/**
 * Decides, from a cluster's claims and StatefulSet as they are, what remains of growing its volumes to the spec's
 * size: which claims to ask for it, how far the growth has come, which size the StatefulSet's claim template says,
 * and why a claim's storage class cannot grow at all. A claim counts as grown once its {@code status.capacity}
 * holds the size: the volume and its file system both grew (a claim waiting on {@code FileSystemResizePending} has not).
 */
public final class VolumeGrowth {

    static final String STORAGE = "storage";
    static final String RESIZE_PENDING = "FileSystemResizePending";
    private static final String OTHER_WAY = "create a cluster with the storage you need, import this cluster's newest snapshot "
            + "into it and restore it there";

    private VolumeGrowth() {
    }

    /** The claims, not being deleted, that ask for less than the size: each is to be asked for the size. */
    public static List<PersistentVolumeClaim> toAsk(String size, List<PersistentVolumeClaim> claims) {
        return claims.stream().filter(claim -> claim.getMetadata().getDeletionTimestamp() == null)
                .filter(claim -> below(requested(claim), size)).toList();
    }

    /** Kubernetes changes the request of a bound claim only. */
    public static boolean bound(PersistentVolumeClaim claim) {
        return claim.getStatus() != null && "Bound".equals(claim.getStatus().getPhase());
    }

    /** The claim's storage class as the API server holds it (the default class was written in when it was made); null for none. */
    public static String storageClass(PersistentVolumeClaim claim) {
        String name = claim.getSpec() == null ? null : claim.getSpec().getStorageClassName();
        return name == null || name.isBlank() ? null : name;
    }

    /** What is left before every claim holds the size, as the Reconciled condition says it; nothing when every one does. */
    public static Optional<String> remaining(String size, List<PersistentVolumeClaim> claims) {
        List<PersistentVolumeClaim> live = claims.stream().filter(claim -> claim.getMetadata().getDeletionTimestamp() == null).toList();
        List<PersistentVolumeClaim> waiting = live.stream().filter(claim -> below(capacity(claim), size)).toList();
        if (waiting.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of("growing volumes to " + size + ": " + (live.size() - waiting.size()) + " of " + live.size()
                + " claims hold it; " + waiting.stream().map(claim -> claim.getMetadata().getName() + " " + stage(claim, size))
                        .sorted().collect(Collectors.joining(", ")));
    }

    private static String stage(PersistentVolumeClaim claim, String size) {
        if (!bound(claim)) {
            return "waits to be bound to a volume";
        }
        if (below(requested(claim), size)) {
            return "is to be asked for it";
        }
        if (condition(claim, RESIZE_PENDING)) {
            return "waits for its node to grow the file system (" + RESIZE_PENDING + ")";
        }
        Quantity capacity = capacity(claim);
        return "is being resized" + (capacity == null ? "" : " (" + capacity + " now)");
    }

    /** The size the StatefulSet's claim template says; none when it has no data template. */
    public static Optional<String> templateSize(StatefulSet statefulSet) {
        return statefulSet.getSpec().getVolumeClaimTemplates().stream()
                .filter(template -> EtcdStatefulSets.DATA_VOLUME.equals(template.getMetadata().getName()))
                .map(VolumeGrowth::requested).filter(Objects::nonNull).map(Quantity::toString).findFirst();
    }

    /** Whether the StatefulSet's claim template says another size than this one. */
    public static boolean templateDiffers(StatefulSet statefulSet, String size) {
        return templateSize(statefulSet).map(held -> amount(new Quantity(held)).compareTo(amount(new Quantity(size))) != 0)
                .orElse(true);
    }

    /**
     * Why claims of the class {@code className} ({@code storageClass} as read, null when there is none) cannot grow to
     * the size; nothing when the class allows volume expansion.
     */
    public static Optional<String> classRefusal(String className, StorageClass storageClass, List<String> claims, String size) {
        String which = (claims.size() == 1 ? "the claim " : "the claims ") + String.join(", ", claims);
        if (className == null) {
            return Optional.of(which + (claims.size() == 1 ? " has" : " have") + " no storage class, and Kubernetes grows only claims of a class that allows volume "
                    + "expansion: to get " + size + " volumes, " + OTHER_WAY);
        }
        if (storageClass == null) {
            return Optional.of("the storage class " + className + " of " + which + " does not exist, so Kubernetes cannot grow them"
                    + " to " + size + ": " + OTHER_WAY);
        }
        if (!Boolean.TRUE.equals(storageClass.getAllowVolumeExpansion())) {
            return Optional.of("the storage class " + className + " does not allow volume expansion (allowVolumeExpansion is not true), "
                    + "so " + which + " cannot grow to " + size + ": if its provisioner (" + storageClass.getProvisioner()
                    + ") can expand volumes, ask your cluster's admin to set allowVolumeExpansion: true on it and patch again; "
                    + "otherwise " + OTHER_WAY);
        }
        return Optional.empty();
    }

    private static boolean condition(PersistentVolumeClaim claim, String type) {
        List<PersistentVolumeClaimCondition> conditions = claim.getStatus() == null ? null : claim.getStatus().getConditions();
        return conditions != null && conditions.stream().anyMatch(condition -> type.equals(condition.getType())
                && "True".equals(condition.getStatus()));
    }

    private static Quantity requested(PersistentVolumeClaim claim) {
        return claim.getSpec() == null || claim.getSpec().getResources() == null || claim.getSpec().getResources().getRequests() == null
                ? null : claim.getSpec().getResources().getRequests().get(STORAGE);
    }

    private static Quantity capacity(PersistentVolumeClaim claim) {
        return claim.getStatus() == null || claim.getStatus().getCapacity() == null ? null : claim.getStatus().getCapacity().get(STORAGE);
    }

    private static boolean below(Quantity quantity, String size) {
        return quantity == null || amount(quantity).compareTo(amount(new Quantity(size))) < 0;
    }

    private static BigDecimal amount(Quantity quantity) {
        return quantity.getNumericalAmount();
    }
}
