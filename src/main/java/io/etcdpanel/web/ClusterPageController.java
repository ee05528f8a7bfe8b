package io.etcdpanel.web;


import io.etcdpanel.catalogue.ClusterCatalogue;
import io.etcdpanel.catalogue.ClusterView;
import io.etcdpanel.events.EventLog;
import io.etcdpanel.health.HealthMonitor;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;

/** The page of one cluster, and its status, members and events as fragments the page polls. */
@Controller
@RequestMapping("/clusters/{name}")
class ClusterPageController {

    static final int EVENTS_SHOWN = 50;

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
        addEvents(name, model);
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

    @GetMapping("/events")
    String events(@PathVariable String name, Model model) {
        load(name, model);
        addEvents(name, model);
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

    private void addEvents(String name, Model model) {
        model.addAttribute("events", events.newestFirst(name, EVENTS_SHOWN));
    }
}
