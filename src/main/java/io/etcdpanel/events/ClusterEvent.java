package io.etcdpanel.events;

import java.time.Instant;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/** One stored event: what the panel did or saw on a cluster, and who asked. */
@Entity
@Table(name = "cluster_events")
class ClusterEvent {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    private Long id;
    private String cluster;
    private Instant time;
    private String type;
    private String reason;
    @Column(length = 2000)
    private String message;
    private String actor;

    protected ClusterEvent() {
    }

    ClusterEvent(String cluster, Instant time, EventType type, String reason, String message, String actor) {
        this.cluster = cluster;
        this.time = time;
        this.type = type.name();
        this.reason = reason;
        this.message = message.length() > 2000 ? message.substring(0, 2000) : message;
        this.actor = actor;
    }

    EventView view() {
        return new EventView(time, EventType.valueOf(type), reason, message, actor);
    }
}
