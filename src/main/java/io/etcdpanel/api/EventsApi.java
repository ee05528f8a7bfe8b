package io.etcdpanel.api;

import io.swagger.v3.oas.annotations.tags.Tag;
import io.swagger.v3.oas.annotations.Operation;
import java.util.List;

import io.etcdpanel.catalogue.ClusterCatalogue;
import io.etcdpanel.events.EventLog;
import io.etcdpanel.events.EventView;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** {@code /api/v1/clusters/{name}/events}: what the panel did and saw, newest first. */
@Tag(name = ApiTags.EVENTS)
@RestController
@RequestMapping("/api/v1/clusters/{name}/events")
class EventsApi {

    private final ClusterCatalogue catalogue;
    private final EventLog events;

    EventsApi(ClusterCatalogue catalogue, EventLog events) {
        this.catalogue = catalogue;
        this.events = events;
    }

    @Operation(operationId = "listClusterEvents", summary = "A cluster's events, newest first")
    @GetMapping
    List<EventView> list(@PathVariable String name, @RequestParam(defaultValue = "200") int limit) {
        catalogue.get(name);
        return events.newestFirst(name, limit);
    }
}
