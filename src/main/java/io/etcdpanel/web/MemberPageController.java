package io.etcdpanel.web;

import io.etcdpanel.catalogue.ClusterCatalogue;
import io.etcdpanel.catalogue.ClusterSpec;
import io.etcdpanel.catalogue.ClusterView;
import io.etcdpanel.health.HealthMonitor;
import io.etcdpanel.runtime.Runtimes;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;

/** The page of one member: what etcd says of it, and the tail of its log as a fragment the page polls. */
@Controller
@RequestMapping("/clusters/{name}/members/{member}")
class MemberPageController {

    static final int LOG_LINES = 200;

    private final ClusterCatalogue catalogue;
    private final HealthMonitor health;
    private final Runtimes runtimes;

    MemberPageController(ClusterCatalogue catalogue, HealthMonitor health, Runtimes runtimes) {
        this.catalogue = catalogue;
        this.health = health;
        this.runtimes = runtimes;
    }

    @GetMapping
    String page(@PathVariable String name, @PathVariable String member, Model model) {
        ClusterView cluster = catalogue.get(name);
        addLog(cluster.spec(), member, model);
        model.addAttribute("cluster", cluster);
        model.addAttribute("details", health.check(cluster.spec()).members().stream()
                .filter(row -> row.name().equals(member)).findFirst().orElse(null));
        return "members/page";
    }

    @GetMapping("/log")
    String log(@PathVariable String name, @PathVariable String member, Model model) {
        addLog(catalogue.get(name).spec(), member, model);
        return "members/page :: log";
    }

    private void addLog(ClusterSpec cluster, String member, Model model) {
        String log = String.join("\n", runtimes.logTail(cluster, member, LOG_LINES));
        model.addAttribute("clusterName", cluster.name());
        model.addAttribute("memberName", member);
        model.addAttribute("lineLimit", LOG_LINES);
        model.addAttribute("log", log);
    }
}
