package io.etcdpanel.web;

import java.io.IOException;
import java.io.InputStream;
import java.util.List;

import io.etcdpanel.backup.BackupAlreadyRunning;
import io.etcdpanel.backup.PanelShuttingDown;
import io.etcdpanel.backup.BackupService;
import io.etcdpanel.backup.InvalidSnapshot;
import io.etcdpanel.backup.SnapshotView;
import io.etcdpanel.security.SignedIn;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.multipart.MultipartFile;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/** The Backups section of a cluster's page: its history as a fragment the page polls, back up now, and import a file. */
@Controller
@RequestMapping("/clusters/{name}/backups")
class ClusterBackupsController {

    private static final String IMPORT_ERROR = "importError";
    private static final String BACK = "redirect:/clusters/{name}#backups-section";

    private final BackupService backups;

    ClusterBackupsController(BackupService backups) {
        this.backups = backups;
    }

    @GetMapping
    String history(@PathVariable String name, Model model) {
        List<SnapshotView> snapshots = backups.newestFirst(name);
        model.addAttribute("clusterName", name);
        model.addAttribute("snapshots", snapshots);
        model.addAttribute("sizes", SizeHistory.of(snapshots));
        return "clusters/backups :: history";
    }

    @PostMapping
    String backUpNow(@PathVariable String name, RedirectAttributes redirect) {
        try {
            backups.backUpNow(name, SignedIn.name());
            redirect.addFlashAttribute(Flash.ATTRIBUTE, Flash.success("Backing up " + name
                    + "… the snapshot streams from a healthy member, is checked, then restore-tested."));
        } catch (BackupAlreadyRunning e) {
            redirect.addFlashAttribute(Flash.ATTRIBUTE, Flash.danger("No new backup started: a backup of " + name
                    + " is already running. Its progress shows under Backups."));
        } catch (PanelShuttingDown e) {
            redirect.addFlashAttribute(Flash.ATTRIBUTE, Flash.danger("No new backup started: " + e.getMessage() + "."));
        }
        return BACK;
    }

    /** The upload streams from the multipart part into the store; it is never read into memory here. */
    @PostMapping("/import")
    String importSnapshot(@PathVariable String name, @RequestParam(required = false) MultipartFile file, RedirectAttributes redirect)
            throws IOException {
        if (file == null || file.isEmpty()) {
            redirect.addFlashAttribute(IMPORT_ERROR, "Choose an etcd snapshot file to import.");
            return BACK;
        }
        try (InputStream body = file.getInputStream()) {
            SnapshotView imported = backups.importSnapshot(name, body, SignedIn.name());
            redirect.addFlashAttribute(Flash.ATTRIBUTE, Flash.success("Imported " + file.getOriginalFilename() + " into the history of "
                    + name + ": revision " + imported.revision() + "; it is being restore-tested."));
        } catch (InvalidSnapshot e) {
            redirect.addFlashAttribute(IMPORT_ERROR, "Refused " + file.getOriginalFilename() + ": " + e.getMessage()
                    + ". Nothing was stored.");
        }
        return BACK;
    }
}
