package io.etcdpanel.events;

import java.time.Clock;
import java.util.List;

import org.springframework.context.ApplicationEventPublisher;
import org.springframework.data.domain.Page;
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

    /** A page of the events that match, newest first; a page past the last is the last. */
    @Transactional(readOnly = true)
    public EventPage page(String cluster, EventFilter filter, int page, int size) {
        String type = filter.type() == null ? null : filter.type().name();
        Page<ClusterEvent> found = events.matching(cluster, type, filter.likePattern(), PageRequest.of(Math.max(page, 0), size));
        if (found.getTotalPages() > 0 && page >= found.getTotalPages()) {
            found = events.matching(cluster, type, filter.likePattern(), PageRequest.of(found.getTotalPages() - 1, size));
        }
        return new EventPage(found.map(ClusterEvent::view).getContent(), found.getNumber(), found.getTotalPages(),
                found.getTotalElements());
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
