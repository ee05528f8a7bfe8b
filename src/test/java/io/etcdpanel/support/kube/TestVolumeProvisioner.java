package io.etcdpanel.support.kube;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import io.etcdpanel.runtime.kubernetes.AnyChange;
import io.fabric8.kubernetes.api.model.PersistentVolume;
import io.fabric8.kubernetes.api.model.PersistentVolumeBuilder;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaimConditionBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.storage.StorageClass;
import io.fabric8.kubernetes.api.model.storage.StorageClassBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Volumes for tests, for the claims of the storage classes it is given and no others: as a CSI driver's external
 * provisioner it makes a PersistentVolume per claim, pre-bound to it (the real PV controller binds them: the harness
 * must run {@code persistentvolume-binder-controller}); as the external resizer it grows a bound claim's volume when
 * the claim asks for more, and as the kubelet it then grows the file system online (the claim shows
 * {@code FileSystemResizePending} in between, and its {@code status.capacity} after); it deletes a released volume.
 * The data stays where the test node agent keeps each claim, a directory of its own: these volumes have no bytes.
 */
public final class TestVolumeProvisioner implements AutoCloseable {

    /** The CSI driver its volumes and classes name. */
    public static final String DRIVER = "volumes.test.etcd-panel.io";

    private static final Logger log = LoggerFactory.getLogger(TestVolumeProvisioner.class);
    private static final String STORAGE = "storage";
    private static final String RESIZE_PENDING = "FileSystemResizePending";
    private static final Duration SYNC_EVERY = Duration.ofMillis(250);

    private final KubernetesClient client;
    private final Set<String> storageClasses;
    private final ScheduledExecutorService loop;
    private final SharedIndexInformer<PersistentVolumeClaim> claims;
    private final SharedIndexInformer<PersistentVolume> volumes;
    private final AtomicBoolean syncQueued = new AtomicBoolean();
    private volatile boolean resizesHeld;

    /** Serves the claims of these storage classes, each made here with {@link #storageClass} or by the test. */
    public TestVolumeProvisioner(KubernetesClient client, Set<String> storageClasses) {
        this.client = client;
        this.storageClasses = Set.copyOf(storageClasses);
        this.loop = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "test-volume-provisioner");
            thread.setDaemon(true);
            return thread;
        });
        AnyChange onChange = new AnyChange(this::requestSync);
        this.claims = client.persistentVolumeClaims().inAnyNamespace().inform(onChange, 0);
        this.volumes = client.persistentVolumes().inform(onChange, 0);
        loop.scheduleWithFixedDelay(this::sync, 0, SYNC_EVERY.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** A class whose volumes this provisioner makes, binding at once, that allows expansion or not. */
    public static StorageClass storageClass(String name, boolean allowVolumeExpansion) {
        return new StorageClassBuilder().withNewMetadata().withName(name).endMetadata().withProvisioner(DRIVER)
                .withReclaimPolicy("Delete").withVolumeBindingMode("Immediate").withAllowVolumeExpansion(allowVolumeExpansion).build();
    }

    /** While held, a claim that asks for more keeps the volume it has, as with a slow driver; released, it grows. */
    public void holdResizes(boolean held) {
        resizesHeld = held;
        requestSync();
    }

    @Override
    public void close() {
        claims.close();
        volumes.close();
        loop.shutdownNow();
    }

    private void requestSync() {
        if (syncQueued.compareAndSet(false, true)) {
            try {
                loop.execute(this::sync);
            } catch (RejectedExecutionException e) {
                // closing
            }
        }
    }

    /** One look at every claim and volume of its classes: one step each of what is due. */
    private void sync() {
        syncQueued.set(false);
        try {
            syncClaimsAndVolumes();
        } catch (RuntimeException e) {
            log.info("sync failed: {}", e.toString());
        }
    }

    private void syncClaimsAndVolumes() {
        for (PersistentVolumeClaim claim : claims.getStore().list()) {
            if (storageClasses.contains(claim.getSpec().getStorageClassName()) && claim.getMetadata().getDeletionTimestamp() == null) {
                try {
                    step(claim);
                } catch (RuntimeException e) {
                    log.info("claim {}/{}: {}", claim.getMetadata().getNamespace(), claim.getMetadata().getName(), e.toString());
                }
            }
        }
        for (PersistentVolume volume : volumes.getStore().list()) {
            if (DRIVER.equals(volume.getSpec().getCsi() == null ? null : volume.getSpec().getCsi().getDriver())
                    && "Released".equals(volume.getStatus() == null ? null : volume.getStatus().getPhase())) {
                client.persistentVolumes().withName(volume.getMetadata().getName()).delete();
            }
        }
    }

    private void step(PersistentVolumeClaim claim) {
        Quantity requested = claim.getSpec().getResources().getRequests().get(STORAGE);
        PersistentVolume volume = volumes.getStore().getByKey(volumeName(claim));
        if (volume == null) {
            provision(claim, requested);
            return;
        }
        if (!"Bound".equals(claim.getStatus() == null ? null : claim.getStatus().getPhase())) {
            return; // the PV controller binds it
        }
        Quantity held = volume.getSpec().getCapacity().get(STORAGE);
        if (less(held, requested) && !resizesHeld) {
            // the external resizer: the volume grows, and the node has to grow the file system
            client.persistentVolumes().withName(volume.getMetadata().getName())
                    .edit(pv -> new PersistentVolumeBuilder(pv).editSpec().addToCapacity(STORAGE, requested).endSpec().build());
            client.persistentVolumeClaims().inNamespace(claim.getMetadata().getNamespace()).withName(claim.getMetadata().getName())
                    .editStatus(pvc -> {
                        pvc.getStatus().setConditions(List.of(new PersistentVolumeClaimConditionBuilder().withType(RESIZE_PENDING)
                                .withStatus("True").withMessage("Waiting for user to (re-)start a pod to finish file system resize "
                                        + "of volume on node.").build()));
                        return pvc;
                    });
            return;
        }
        Quantity capacity = claim.getStatus().getCapacity() == null ? null : claim.getStatus().getCapacity().get(STORAGE);
        if (less(capacity, held)) {
            // the kubelet, online: the file system grew while the pod runs
            client.persistentVolumeClaims().inNamespace(claim.getMetadata().getNamespace()).withName(claim.getMetadata().getName())
                    .editStatus(pvc -> {
                        pvc.getStatus().setCapacity(Map.of(STORAGE, held));
                        pvc.getStatus().setConditions(List.of());
                        return pvc;
                    });
        }
    }

    private void provision(PersistentVolumeClaim claim, Quantity requested) {
        client.persistentVolumes().resource(new PersistentVolumeBuilder()
                .withNewMetadata().withName(volumeName(claim)).addToAnnotations("pv.kubernetes.io/provisioned-by", DRIVER).endMetadata()
                .withNewSpec()
                .withCapacity(Map.of(STORAGE, requested))
                .withAccessModes(claim.getSpec().getAccessModes())
                .withStorageClassName(claim.getSpec().getStorageClassName())
                .withPersistentVolumeReclaimPolicy("Delete")
                .withNewClaimRef().withApiVersion("v1").withKind("PersistentVolumeClaim")
                .withNamespace(claim.getMetadata().getNamespace()).withName(claim.getMetadata().getName())
                .withUid(claim.getMetadata().getUid()).endClaimRef()
                .withNewCsi().withDriver(DRIVER).withVolumeHandle(claim.getMetadata().getUid()).endCsi()
                .endSpec().build()).create();
    }

    private static String volumeName(PersistentVolumeClaim claim) {
        return "pvc-" + claim.getMetadata().getUid();
    }

    private static boolean less(Quantity left, Quantity right) {
        return left == null || left.getNumericalAmount().compareTo(right.getNumericalAmount()) < 0;
    }
}
