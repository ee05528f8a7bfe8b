package io.etcdpanel.events;

import java.time.Clock;
import java.util.List;

import org.springframework.context.ApplicationEventPublisher;
import org.springframework.data.domain.PageRequest;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/** The one writer of cluster events, and where they are read back newest first. */
@Service
public class EventLog {

    public static final String SYSTEM = "system";
    static final int MAX_LISTED = 500;

    private final EventRepository events;
    private final Clock clock;
    private final ApplicationEventPublisher publisher;

    EventLog(EventRepository events, Clock clock, ApplicationEventPublisher publisher) {
        this.events = events;
        this.clock = clock;
        this.publisher = publisher;
    }

    @Transactional
    public void normal(String cluster, String reason, String message, String actor) {
        record(cluster, EventType.Normal, reason, message, actor);
    }

    @Transactional
    public void warning(String cluster, String reason, String message, String actor) {
        record(cluster, EventType.Warning, reason, message, actor);
    }

    @Transactional(readOnly = true)
    public List<EventView> newestFirst(String cluster, int limit) {
        return events.newestFirst(cluster, PageRequest.of(0, Math.min(limit, MAX_LISTED))).stream().map(ClusterEvent::view).toList();
    }

    @Transactional(readOnly = true)
    public long count(String cluster, String reason) {
        return events.countByClusterAndReason(cluster, reason);
    }

    @Transactional
    public void forget(String cluster) {
        events.deleteByCluster(cluster);
    }

    private void record(String cluster, EventType type, String reason, String message, String actor) {
        events.save(new ClusterEvent(cluster, clock.instant(), type, reason, message, actor));
        publisher.publishEvent(new EventRecorded(cluster, type, reason));
    }
}
