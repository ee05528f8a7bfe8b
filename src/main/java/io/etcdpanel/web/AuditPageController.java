package io.etcdpanel.web;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;

import io.etcdpanel.events.AuditQuery;
import io.etcdpanel.events.AuditTrail;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;

/** {@code /audit}: the audit browsed newest first, filtered by cluster, user and a time window (UTC). */
@Controller
class AuditPageController {

    private static final int SHOWN = 500;

    private final AuditTrail audit;

    AuditPageController(AuditTrail audit) {
        this.audit = audit;
    }

    @GetMapping("/audit")
    String page(@RequestParam(required = false) String cluster, @RequestParam(required = false) String user,
            @RequestParam(required = false) String from, @RequestParam(required = false) String to, Model model) {
        Instant since = time("from", from, model);
        Instant until = time("to", to, model);
        model.addAttribute("cluster", cluster);
        model.addAttribute("user", user);
        model.addAttribute("from", from);
        model.addAttribute("to", to);
        model.addAttribute("filtered", notBlank(cluster) || notBlank(user) || notBlank(from) || notBlank(to));
        model.addAttribute("entries", audit.list(new AuditQuery(cluster, user, since, until, SHOWN)));
        model.addAttribute("shown", SHOWN);
        return "audit";
    }

    /** A datetime-local field's value, read as UTC; a wrong one is reported beside its field and ignored. */
    private static Instant time(String field, String value, Model model) {
        if (!notBlank(value)) {
            return null;
        }
        try {
            return LocalDateTime.parse(value).toInstant(ZoneOffset.UTC);
        } catch (DateTimeParseException e) {
            model.addAttribute(field + "Error", "not a date and time like 2026-11-26T13:00");
            return null;
        }
    }

    private static boolean notBlank(String text) {
        return text != null && !text.isBlank();
    }
}
