package io.etcdpanel.web;

import java.io.IOException;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import io.etcdpanel.backup.BackupService;
import io.etcdpanel.backup.InvalidSnapshot;
import io.etcdpanel.backup.SnapshotNotFound;
import io.etcdpanel.backup.SnapshotView;
import io.etcdpanel.catalogue.ClusterBeingDeleted;
import io.etcdpanel.catalogue.ClusterBeingRestored;
import io.etcdpanel.catalogue.ClusterCatalogue;
import io.etcdpanel.catalogue.ClusterNameTaken;
import io.etcdpanel.catalogue.ClusterNotFound;
import io.etcdpanel.catalogue.ClusterView;
import io.etcdpanel.catalogue.FieldProblem;
import io.etcdpanel.catalogue.InvalidSpec;
import io.etcdpanel.restore.RestoreRequest;
import io.etcdpanel.restore.RestoreService;
import io.etcdpanel.restore.RestoreView;
import io.etcdpanel.security.SignedIn;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.validation.BindingResult;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.support.ServletUriComponentsBuilder;

/**
 * The Restores section of a cluster's page: its restores as a fragment the page polls, and the
 * confirmation, shown in a modal, that starts one and puts each refusal beside its field; the same
 * confirmation restores a kept snapshot of a deleted cluster (from the Snapshots page) into a new one.
 */
@Controller
@RequestMapping("/clusters/{name}/restores")
class ClusterRestoresController {

    static final String FORM = "restoreForm";
    private static final Set<String> FORM_FIELDS = Set.of("mode", "targetName");

    private final RestoreService restores;
    private final BackupService backups;
    private final ClusterCatalogue catalogue;
    private final Clock clock;

    ClusterRestoresController(RestoreService restores, BackupService backups, ClusterCatalogue catalogue, Clock clock) {
        this.restores = restores;
        this.backups = backups;
        this.catalogue = catalogue;
        this.clock = clock;
    }

    @GetMapping
    String history(@PathVariable String name, Model model) {
        List<RestoreView> all = restores.newestFirst(name);
        Instant now = clock.instant();
        model.addAttribute("clusterName", name);
        model.addAttribute("restores", all.stream().map(restore -> RestoreCard.of(restore, kept(restore.snapshotId()), now)).toList());
        model.addAttribute("running", all.stream().anyMatch(restore -> !restore.finished()));
        return "clusters/restores :: history";
    }

    /**
     * The confirmation. Opened away from the cluster's page ({@code openTarget}), or for a snapshot of a cluster that is
     * gone, it restores into a new cluster only.
     */
    @GetMapping("/new")
    String confirmation(@PathVariable String name, @RequestParam String snapshot,
            @RequestParam(defaultValue = "false") boolean openTarget, Model model) {
        RestoreForm form = new RestoreForm();
        form.setSnapshotId(snapshot);
        form.setOpenTarget(openTarget);
        if (openTarget || catalogue.find(name).isEmpty()) {
            form.setMode(RestoreRequest.NEW_CLUSTER);
        }
        return show(name, form, model);
    }

    /**
     * Starts the restore once the cluster's name is typed. Refused, it shows the confirmation again
     * with the reason beside its field; started, it closes the modal and shows the restore's steps.
     */
    @PostMapping
    String start(@PathVariable String name, @ModelAttribute(FORM) RestoreForm form, BindingResult binding, Model model,
            HttpServletResponse response) throws IOException {
        if (!form.confirms(name)) {
            binding.rejectValue("confirmName", "mismatch", "Type " + name + " exactly to confirm. Nothing was restored.");
            return show(name, form, model);
        }
        try {
            RestoreView started = restores.start(name, form.toRequest(), SignedIn.name());
            if (form.isOpenTarget() && started.targetName() != null) {
                // htmx: the new cluster's page shows the restore's steps
                response.setHeader("HX-Redirect", ServletUriComponentsBuilder.fromCurrentContextPath().path("/clusters/{name}")
                        .buildAndExpand(started.targetName()).toUriString());
                return "clusters/restores :: opening";
            }
            // htmx: leave the form where it is, swap in the section and the notice, then tell restore.js to close the modal
            response.setHeader("HX-Reswap", "none");
            response.setHeader("HX-Trigger-After-Settle", "restoreStarted");
            history(name, model);
            model.addAttribute("oob", true);
            model.addAttribute("started", started);
            model.addAttribute("startedFrom", kept(started.snapshotId()));
            return "clusters/restores :: started";
        } catch (InvalidSpec e) {
            e.problems().forEach(problem -> reject(binding, problem));
        } catch (ClusterNameTaken e) {
            binding.rejectValue("targetName", "taken", e.getMessage());
        } catch (InvalidSnapshot e) {
            binding.rejectValue("snapshotId", "invalid", "This snapshot cannot be restored: " + e.getMessage()
                    + ". Nothing was changed.");
        } catch (ClusterBeingRestored e) {
            binding.reject("restoring", "A restore of " + name + " is already running, so no other was started. Follow it under"
                    + " Restores on this page; once it has finished you can restore again.");
        } catch (ClusterBeingDeleted e) {
            binding.reject("deleting", name + " is being deleted, so it cannot be restored. Nothing was changed.");
        }
        return show(name, form, model);
    }

    /** The confirmation for a cluster in the catalogue, or for the kept snapshot of one that is gone (cluster null). */
    private String show(String name, RestoreForm form, Model model) {
        Optional<ClusterView> cluster = catalogue.find(name);
        SnapshotView snapshot = kept(form.getSnapshotId());
        boolean ofThisCluster = snapshot != null && snapshot.cluster().equals(name);
        if (cluster.isEmpty() && !ofThisCluster) {
            throw new ClusterNotFound(name);
        }
        model.addAttribute("sourceName", name);
        model.addAttribute("cluster", cluster.orElse(null));
        model.addAttribute(FORM, form);
        model.addAttribute("snapshot", ofThisCluster ? snapshot : null);
        model.addAttribute("now", cluster.map(present -> restores.liveKeyspace(name)).orElse(null));
        return "clusters/restores :: confirmation";
    }

    private static void reject(BindingResult binding, FieldProblem problem) {
        if (FORM_FIELDS.contains(problem.field())) {
            binding.rejectValue(problem.field(), "invalid", problem.message());
        } else if (problem.field().equals("snapshotId")) {
            binding.rejectValue("snapshotId", "invalid", "The snapshot " + problem.message() + ".");
        } else {
            binding.reject("invalid", problem.field() + " " + problem.message());
        }
    }

    /** The snapshot while the store still keeps it; retention may have deleted it since. */
    private SnapshotView kept(String snapshotId) {
        if (snapshotId == null || snapshotId.isBlank()) {
            return null;
        }
        try {
            return backups.get(snapshotId);
        } catch (SnapshotNotFound e) {
            return null;
        }
    }
}
