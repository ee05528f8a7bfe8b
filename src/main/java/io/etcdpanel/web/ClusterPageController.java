package io.etcdpanel.web;


import io.etcdpanel.catalogue.ClusterCatalogue;
import io.etcdpanel.catalogue.ClusterView;
import io.etcdpanel.events.EventFilter;
import io.etcdpanel.events.EventLog;
import io.etcdpanel.events.EventType;
import io.etcdpanel.health.HealthMonitor;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;

/** The page of one cluster, and its status, members and events as fragments the page polls. */
@Controller
@RequestMapping("/clusters/{name}")
class ClusterPageController {

    static final int EVENTS_PER_PAGE = 25;

    private final ClusterCatalogue catalogue;
    private final HealthMonitor health;
    private final EventLog events;

    ClusterPageController(ClusterCatalogue catalogue, HealthMonitor health, EventLog events) {
        this.catalogue = catalogue;
        this.health = health;
        this.events = events;
    }

    @GetMapping
    String page(@PathVariable String name, Model model) {
        ClusterView cluster = load(name, model);
        addMembers(cluster, model);
        addEvents(name, EventFilter.ALL, 0, model);
        return "clusters/page";
    }

    @GetMapping("/status")
    String status(@PathVariable String name, Model model) {
        load(name, model);
        return "clusters/page :: status";
    }

    @GetMapping("/members")
    String members(@PathVariable String name, Model model) {
        addMembers(load(name, model), model);
        return "clusters/page :: members";
    }

    /** The events fragment: one page, of one type or both, matching a text; the page polls it as it is. */
    @GetMapping("/events")
    String events(@PathVariable String name, @RequestParam(required = false) String type,
            @RequestParam(required = false) String q, @RequestParam(defaultValue = "0") int page, Model model) {
        load(name, model);
        addEvents(name, new EventFilter(EventType.parse(type).orElse(null), q), page, model);
        return "clusters/page :: events";
    }

    private ClusterView load(String name, Model model) {
        ClusterView cluster = catalogue.get(name);
        model.addAttribute("cluster", cluster);
        return cluster;
    }

    private void addMembers(ClusterView cluster, Model model) {
        model.addAttribute("members", health.check(cluster.spec()).members());
    }

    private void addEvents(String name, EventFilter filter, int page, Model model) {
        model.addAttribute("eventFilter", filter);
        model.addAttribute("eventPage", events.page(name, filter, page, EVENTS_PER_PAGE));
    }
}
