package io.etcdpanel.runtime.kubernetes;

import java.time.Clock;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

import io.etcdpanel.catalogue.ClusterSpec;
import io.etcdpanel.events.EventLog;
import io.etcdpanel.runtime.kubernetes.desired.EtcdObjects;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.ObjectReference;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.stereotype.Component;

/**
 * Brings what Kubernetes says about a cluster's StatefulSet, pods, claims and budget into the
 * cluster's own events, once per occurrence (an event seen again with a higher count happened again),
 * from the panel's start on.
 */
@Component
@ConditionalOnProperty(prefix = "etcdpanel.kubernetes", name = "enabled", havingValue = "true")
class KubernetesEventRelay {

    static final String ACTOR = "kubernetes";
    private static final Set<String> KINDS = Set.of("StatefulSet", "Pod", "PersistentVolumeClaim", "PodDisruptionBudget");

    private final KubernetesCache cache;
    private final EventLog events;
    private final Instant started;
    /** Per cluster, the occurrences already relayed ({@code uid#count}) of the events Kubernetes still lists. */
    private final Map<String, Set<String>> relayed = new ConcurrentHashMap<>();

    KubernetesEventRelay(KubernetesCache cache, EventLog events, Clock clock) {
        this.cache = cache;
        this.events = events;
        this.started = clock.instant();
    }

    /** Relays the cluster's Kubernetes events that came since the last call. */
    void relay(ClusterSpec cluster) {
        Pattern ours = Pattern.compile("(data-)?" + Pattern.quote(cluster.name()) + "(-\\d+)?");
        Set<String> seen = relayed.computeIfAbsent(cluster.name(), name -> ConcurrentHashMap.newKeySet());
        List<Event> about = cache.list(Event.class, EtcdObjects.namespace(cluster), Map.of()).stream()
                .filter(event -> isAbout(event.getInvolvedObject(), ours))
                .filter(event -> time(event).filter(time -> !time.isBefore(started)).isPresent())
                .sorted(Comparator.comparing(event -> time(event).orElseThrow()))
                .toList();
        seen.retainAll(about.stream().map(KubernetesEventRelay::occurrence).toList());
        about.stream().filter(event -> seen.add(occurrence(event)))
                .forEach(event -> {
                    String message = event.getInvolvedObject().getKind() + " " + event.getInvolvedObject().getName() + ": "
                            + event.getMessage();
                    if ("Warning".equals(event.getType())) {
                        events.warning(cluster.name(), event.getReason(), message, ACTOR);
                    } else {
                        events.normal(cluster.name(), event.getReason(), message, ACTOR);
                    }
                });
    }

    void forget(ClusterSpec cluster) {
        relayed.remove(cluster.name());
    }

    private static String occurrence(Event event) {
        return event.getMetadata().getUid() + "#" + event.getCount();
    }

    private static boolean isAbout(ObjectReference object, Pattern ours) {
        return object != null && KINDS.contains(object.getKind()) && object.getName() != null && ours.matcher(object.getName()).matches();
    }

    /** When it last happened: events carry one of these, depending on who wrote them. */
    private static Optional<Instant> time(Event event) {
        String time = event.getLastTimestamp() != null ? event.getLastTimestamp()
                : event.getEventTime() != null ? event.getEventTime().getTime() : event.getMetadata().getCreationTimestamp();
        return Optional.ofNullable(time).map(Instant::parse);
    }
}
