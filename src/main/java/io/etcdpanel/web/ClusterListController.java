package io.etcdpanel.web;

import io.etcdpanel.catalogue.ClusterCatalogue;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.servlet.support.ServletUriComponentsBuilder;

/** The cluster list at {@code /}, and its table as a fragment the page polls. */
@Controller
class ClusterListController {

    private final ClusterCatalogue catalogue;

    ClusterListController(ClusterCatalogue catalogue) {
        this.catalogue = catalogue;
    }

    @GetMapping("/")
    String page(Model model) {
        addClusters(model);
        return "clusters/list";
    }

    // Outside /clusters/ so that no cluster name can shadow it.
    @GetMapping("/fragments/clusters")
    String table(Model model) {
        addClusters(model);
        return "clusters/list :: table";
    }

    private void addClusters(Model model) {
        model.addAttribute("clusters", catalogue.list());
        // The empty state shows a curl line the reader can paste as is, so it names this very server.
        model.addAttribute("createUrl", ServletUriComponentsBuilder.fromCurrentContextPath().path("/api/v1/clusters").toUriString());
    }
}
