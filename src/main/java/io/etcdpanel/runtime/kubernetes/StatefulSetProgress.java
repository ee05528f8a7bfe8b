package io.etcdpanel.runtime.kubernetes;

import java.util.Objects;
import java.util.Optional;

import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.apps.StatefulSetStatus;

/**
 * Reads whether the StatefulSet controller has carried out a StatefulSet's latest spec. Its status is
 * trusted only when it describes the latest generation; before that its counts are about an older spec.
 */
final class StatefulSetProgress {

    private StatefulSetProgress() {
    }

    /** What the controller still has to do, or nothing when it has caught up with the spec. */
    static Optional<String> unsettled(StatefulSet statefulSet) {
        String name = "StatefulSet " + statefulSet.getMetadata().getName();
        Long generation = statefulSet.getMetadata().getGeneration();
        StatefulSetStatus status = statefulSet.getStatus();
        Long observed = status == null ? null : status.getObservedGeneration();
        if (generation != null && (observed == null || observed < generation)) {
            return Optional.of(name + ": its controller has not seen generation " + generation + " yet"
                    + (observed == null ? "" : " (it last saw " + observed + ")"));
        }
        int replicas = statefulSet.getSpec().getReplicas() == null ? 1 : statefulSet.getSpec().getReplicas();
        int updated = status == null || status.getUpdatedReplicas() == null ? 0 : status.getUpdatedReplicas();
        boolean rollingOut = status != null && status.getUpdateRevision() != null
                && !Objects.equals(status.getCurrentRevision(), status.getUpdateRevision());
        if (rollingOut && updated < replicas) {
            return Optional.of(name + ": " + updated + " of " + replicas + " pods run its latest template ("
                    + status.getUpdateRevision() + ")");
        }
        return Optional.empty();
    }
}
