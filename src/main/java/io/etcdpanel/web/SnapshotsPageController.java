package io.etcdpanel.web;

import java.io.IOException;

import io.etcdpanel.backup.BackupAlreadyRunning;
import io.etcdpanel.backup.BackupService;
import io.etcdpanel.backup.SnapshotNotFound;
import io.etcdpanel.backup.SnapshotQuery;
import io.etcdpanel.catalogue.ClusterBeingRestored;
import io.etcdpanel.security.SignedIn;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/** {@code /snapshots}: every cluster's snapshots, those of deleted clusters too, and deleting one once confirmed. */
@Controller
@RequestMapping("/snapshots")
class SnapshotsPageController {

    private static final String BACK = "redirect:/snapshots";

    private final BackupService backups;

    SnapshotsPageController(BackupService backups) {
        this.backups = backups;
    }

    @GetMapping
    String page(Model model) {
        model.addAttribute("snapshots", backups.list(SnapshotQuery.ALL));
        return "snapshots";
    }

    @PostMapping("/{id}/delete")
    String delete(@PathVariable String id, RedirectAttributes redirect) throws IOException {
        try {
            backups.delete(id, SignedIn.name());
            redirect.addFlashAttribute(Flash.ATTRIBUTE, Flash.success("Deleted snapshot " + id + " and its file."));
        } catch (SnapshotNotFound e) {
            redirect.addFlashAttribute(Flash.ATTRIBUTE, Flash.danger("Nothing was deleted: there is no snapshot " + id
                    + " any more (retention or someone else deleted it)."));
        } catch (BackupAlreadyRunning | ClusterBeingRestored e) {
            redirect.addFlashAttribute(Flash.ATTRIBUTE, Flash.danger("Nothing was deleted: " + e.getMessage() + "."));
        }
        return BACK;
    }
}
