package io.etcdpanel.web;

import java.util.List;

import io.etcdpanel.catalogue.FieldProblem;
import io.etcdpanel.catalogue.InvalidSpec;
import io.etcdpanel.events.AuditFilter;
import io.etcdpanel.security.SignedIn;
import io.etcdpanel.security.UserService;
import jakarta.servlet.http.HttpServletRequest;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/** {@code /account/password}: the signed-in user chooses a new password (required after a generated one). */
@Controller
@RequestMapping("/account/password")
class AccountPageController {

    private static final String PAGE = "account/password";

    private final UserService users;

    AccountPageController(UserService users) {
        this.users = users;
    }

    @GetMapping
    String page(Model model) {
        model.addAttribute("required", users.passwordChangeRequired(SignedIn.name()));
        return PAGE;
    }

    @PostMapping
    String change(@RequestParam(defaultValue = "") String currentPassword, @RequestParam(defaultValue = "") String newPassword,
            @RequestParam(defaultValue = "") String confirmPassword, Model model, HttpServletRequest request,
            RedirectAttributes redirect) {
        try {
            if (!newPassword.equals(confirmPassword)) {
                throw new InvalidSpec(List.of(new FieldProblem("confirmPassword", "does not match the new password: type it again")));
            }
            users.changeOwnPassword(SignedIn.name(), currentPassword, newPassword);
        } catch (InvalidSpec e) {
            request.setAttribute(AuditFilter.REFUSED_BECAUSE, e.getMessage());
            model.addAttribute("errors", e.messagesByField());
            return page(model);
        }
        redirect.addFlashAttribute(Flash.ATTRIBUTE, Flash.success("Password changed: use the new one from now on."));
        return "redirect:/";
    }
}
