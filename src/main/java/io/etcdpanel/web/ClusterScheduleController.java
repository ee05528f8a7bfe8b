package io.etcdpanel.web;

import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;

import io.etcdpanel.backup.ScheduleNotFound;
import io.etcdpanel.backup.ScheduleRequest;
import io.etcdpanel.backup.ScheduleService;
import io.etcdpanel.backup.ScheduleView;
import io.etcdpanel.catalogue.FieldProblem;
import io.etcdpanel.catalogue.InvalidSpec;
import io.etcdpanel.security.SignedIn;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.validation.BindingResult;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/**
 * The Schedule card of a cluster's page, swapped in by htmx: the schedule as it stands, the form that sets it with a live
 * preview of its next five runs, and deleting it.
 */
@Controller
@RequestMapping("/clusters/{name}/backup-schedule")
class ClusterScheduleController {

    private static final String FORM = "scheduleForm";
    private static final String CARD = "clusters/schedule :: card";
    // A save or delete answers htmx with a redirect to the card, so the card's flash comes with the card itself.
    private static final String BACK = "redirect:/clusters/{name}/backup-schedule";
    private static final List<String> ZONES = ZoneId.getAvailableZoneIds().stream().sorted().toList();

    private final ScheduleService schedules;
    private final String serverZone;

    ClusterScheduleController(ScheduleService schedules) {
        this.schedules = schedules;
        ZoneId zone = ZoneId.systemDefault();
        this.serverZone = zone instanceof ZoneOffset ? "UTC" : zone.getId();
    }

    @GetMapping
    String card(@PathVariable String name, Model model) {
        Optional<ScheduleView> current = schedules.find(name);
        return show(name, current, current.map(ScheduleForm::of).orElseGet(() -> ScheduleForm.startingIn(serverZone)), false, model);
    }

    /** The schedule as it stands, polled so that its last and next run stay current. */
    @GetMapping("/summary")
    String summary(@PathVariable String name, Model model) {
        model.addAttribute("clusterName", name);
        model.addAttribute("current", schedules.find(name).orElse(null));
        return "clusters/schedule :: summary";
    }

    /** The next five runs of the cron line and zone being typed, or what is wrong with them, put beside their fields. */
    @GetMapping("/preview")
    String preview(@RequestParam(defaultValue = "") String cron, @RequestParam(defaultValue = "") String timeZone, Model model) {
        addPreview(cron, timeZone, model);
        return "clusters/schedule :: previewAnswer";
    }

    @PostMapping
    String save(@PathVariable String name, @ModelAttribute(FORM) ScheduleForm form, BindingResult binding, Model model,
            RedirectAttributes redirect) {
        ScheduleRequest request = form.toRequest(binding);
        try {
            if (!binding.hasErrors()) {
                ScheduleView saved = schedules.put(name, request, SignedIn.name());
                redirect.addFlashAttribute(Flash.ATTRIBUTE, Flash.success(saved.enabled()
                        ? "Saved: " + name + " is backed up at \"" + saved.cron() + "\" (" + saved.timeZone() + ")."
                        : "Saved, disabled: no backup of " + name + " runs on its own until the schedule is enabled."));
                return BACK;
            }
            // Nothing is saved while a field is unreadable; the preview still finds what is wrong with the other fields.
            schedules.preview(request);
        } catch (InvalidSpec e) {
            e.problems().forEach(problem -> binding.rejectValue(problem.field(), "invalid", problem.message()));
        }
        return show(name, schedules.find(name), form, true, model);
    }

    @PostMapping("/delete")
    String delete(@PathVariable String name, RedirectAttributes redirect) {
        try {
            schedules.delete(name, SignedIn.name());
            redirect.addFlashAttribute(Flash.ATTRIBUTE, Flash.success("Schedule deleted: backups of " + name
                    + " now run only when you ask. The backups already taken are kept."));
        } catch (ScheduleNotFound e) {
            redirect.addFlashAttribute(Flash.ATTRIBUTE, Flash.danger("Nothing was deleted: " + e.getMessage() + "."));
        }
        return BACK;
    }

    private String show(String name, Optional<ScheduleView> current, ScheduleForm form, boolean editing, Model model) {
        model.addAttribute("clusterName", name);
        model.addAttribute("current", current.orElse(null));
        model.addAttribute(FORM, form);
        model.addAttribute("editing", editing);
        model.addAttribute("zones", ZONES);
        addPreview(form.getCron(), form.getTimeZone(), model);
        return CARD;
    }

    private void addPreview(String cron, String timeZone, Model model) {
        ScheduleRequest request = new ScheduleRequest(cron, timeZone, true, null, null);
        model.addAttribute("zone", request.timeZone());
        try {
            model.addAttribute("runs", schedules.preview(request));
        } catch (InvalidSpec e) {
            for (FieldProblem problem : e.problems()) {
                // A cron line not typed yet is no mistake to point at while the zone is typed first.
                if (!(problem.field().equals("cron") && (cron == null || cron.isBlank()))) {
                    model.addAttribute(problem.field() + "Problem", problem.message());
                }
            }
        }
    }
}
