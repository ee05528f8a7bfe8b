package io.etcdpanel.web;

import java.util.List;
import java.util.Locale;

import io.etcdpanel.backup.BackupService;
import io.etcdpanel.catalogue.ClusterCatalogue;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.support.ServletUriComponentsBuilder;

/** The cluster list at {@code /}: every cluster, how many need attention, a search by name; its table polled. */
@Controller
class ClusterListController {

    private final ClusterCatalogue catalogue;
    private final BackupService backups;

    ClusterListController(ClusterCatalogue catalogue, BackupService backups) {
        this.catalogue = catalogue;
        this.backups = backups;
    }

    @GetMapping("/")
    String page(Model model) {
        addClusters(null, model);
        return "clusters/list";
    }

    // Outside /clusters/ so that no cluster name can shadow it.
    @GetMapping("/fragments/clusters")
    String table(@RequestParam(required = false) String q, Model model) {
        addClusters(q, model);
        return "clusters/list :: table";
    }

    private void addClusters(String query, Model model) {
        String search = query == null ? "" : query.strip().toLowerCase(Locale.ROOT);
        List<ClusterListRow> rows = catalogue.list().stream()
                .map(cluster -> ClusterListRow.of(cluster, backups.newestFirst(cluster.name())))
                .toList();
        model.addAttribute("total", rows.size());
        model.addAttribute("needingAttention", rows.stream().filter(ClusterListRow::needsAttention).count());
        model.addAttribute("search", search);
        model.addAttribute("rows", rows.stream().filter(row -> row.cluster().name().contains(search)).toList());
        // The empty state shows a curl line the reader can paste as is, so it names this very server.
        model.addAttribute("createUrl", ServletUriComponentsBuilder.fromCurrentContextPath().path("/api/v1/clusters").toUriString());
    }
}
