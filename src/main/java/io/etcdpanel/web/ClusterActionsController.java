package io.etcdpanel.web;

import java.util.stream.Collectors;

import io.etcdpanel.catalogue.ClusterBeingDeleted;
import io.etcdpanel.catalogue.ClusterCatalogue;
import io.etcdpanel.catalogue.InvalidSpec;
import io.etcdpanel.security.SignedIn;
import org.springframework.dao.OptimisticLockingFailureException;
import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/** What a user does to a cluster from its page: scale it, or delete it (keeping its volumes or not) after typing its name. */
@Controller
@RequestMapping("/clusters/{name}")
class ClusterActionsController {

    private static final String BACK = "redirect:/clusters/{name}";

    private final ClusterCatalogue catalogue;

    ClusterActionsController(ClusterCatalogue catalogue) {
        this.catalogue = catalogue;
    }

    @PostMapping("/scale")
    String scale(@PathVariable String name, @RequestParam(required = false) Integer replicas, RedirectAttributes redirect) {
        try {
            catalogue.scale(name, replicas, SignedIn.name());
            redirect.addFlashAttribute(Flash.ATTRIBUTE, Flash.success("Scaling " + name + " to " + replicas
                    + " members, one member at a time."));
        } catch (InvalidSpec e) {
            redirect.addFlashAttribute(Flash.ATTRIBUTE, Flash.danger("Not scaled: " + e.problems().stream()
                    .map(problem -> problem.field() + " " + problem.message()).collect(Collectors.joining("; "))));
        } catch (ClusterBeingDeleted | OptimisticLockingFailureException e) {
            redirect.addFlashAttribute(Flash.ATTRIBUTE, Flash.danger("Not scaled: " + (e instanceof ClusterBeingDeleted
                    ? e.getMessage() : "the cluster was changed meanwhile; look at it again and retry")));
        }
        return BACK;
    }

    @PostMapping("/delete")
    String delete(@PathVariable String name, @RequestParam(defaultValue = "") String confirmName,
            @RequestParam(defaultValue = "false") boolean keepVolumes, RedirectAttributes redirect) {
        if (!confirmName.strip().equals(name)) {
            catalogue.get(name); // an unknown cluster is a 404, not a failed confirmation
            redirect.addFlashAttribute(Flash.ATTRIBUTE, Flash.danger("Nothing was deleted: type the cluster's name, "
                    + name + ", to confirm the deletion."));
            return BACK;
        }
        try {
            catalogue.requestDeletion(name, keepVolumes, SignedIn.name());
        } catch (ClusterBeingDeleted e) {
            redirect.addFlashAttribute(Flash.ATTRIBUTE, Flash.danger("Nothing changed: " + e.getMessage() + "."));
            return BACK;
        }
        redirect.addFlashAttribute(Flash.ATTRIBUTE, Flash.success("Deleting " + name + "… its members are being stopped and "
                + (keepVolumes ? "their data kept (a later cluster of this name shows where, in its events)." : "their data removed.")));
        return "redirect:/";
    }
}
