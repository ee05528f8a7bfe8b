package io.etcdpanel.web;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import io.etcdpanel.catalogue.FieldProblem;
import io.etcdpanel.catalogue.InvalidSpec;
import io.etcdpanel.events.AuditFilter;
import io.etcdpanel.security.CreatedToken;
import io.etcdpanel.security.LastAdmin;
import io.etcdpanel.security.SignedIn;
import io.etcdpanel.security.TokenNotFound;
import io.etcdpanel.security.TokenRequest;
import io.etcdpanel.security.TokenService;
import io.etcdpanel.security.UserNotFound;
import io.etcdpanel.security.UserRequest;
import io.etcdpanel.security.UserService;
import io.etcdpanel.security.UsernameTaken;
import jakarta.servlet.http.HttpServletRequest;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/** {@code /access}: admins add and remove users, and make and revoke API tokens (a new token's secret is shown once). */
@Controller
@RequestMapping("/access")
class AccessPageController {

    private static final String PAGE = "access";
    private static final String BACK = "redirect:/access";

    private final UserService users;
    private final TokenService tokens;
    private final Clock clock;

    AccessPageController(UserService users, TokenService tokens, Clock clock) {
        this.users = users;
        this.tokens = tokens;
        this.clock = clock;
    }

    @GetMapping
    String page(Model model) {
        model.addAttribute("users", users.list());
        model.addAttribute("tokens", tokens.list());
        return PAGE;
    }

    @PostMapping("/users")
    String addUser(@RequestParam String username, @RequestParam String password, @RequestParam String role, Model model,
            HttpServletRequest request, RedirectAttributes redirect) {
        try {
            users.create(new UserRequest(username, password, role));
        } catch (InvalidSpec e) {
            return again(model, request, "userErrors", e, Map.of("username", username, "role", role));
        } catch (UsernameTaken e) {
            return again(model, request, "userErrors", new InvalidSpec(List.of(new FieldProblem("username", e.getMessage()))),
                    Map.of("username", username, "role", role));
        }
        redirect.addFlashAttribute(Flash.ATTRIBUTE, Flash.success("Added " + username + " as " + role.toLowerCase() + "."));
        return BACK;
    }

    @PostMapping("/users/{username}/delete")
    String deleteUser(@PathVariable String username, RedirectAttributes redirect) {
        try {
            users.delete(username);
            redirect.addFlashAttribute(Flash.ATTRIBUTE, Flash.success("Removed " + username + "."));
        } catch (UserNotFound | LastAdmin e) {
            refused(redirect, "Nothing changed: " + e.getMessage() + ".");
        }
        return BACK;
    }

    @PostMapping("/tokens")
    String addToken(@RequestParam String name, @RequestParam String role, @RequestParam int days, Model model,
            HttpServletRequest request, RedirectAttributes redirect) {
        try {
            CreatedToken created = tokens.create(new TokenRequest(name, role, clock.instant().plus(Duration.ofDays(days))),
                    SignedIn.name());
            redirect.addFlashAttribute("createdToken", created);
        } catch (InvalidSpec e) {
            return again(model, request, "tokenErrors", e, Map.of("name", name, "role", role));
        }
        return BACK;
    }

    @PostMapping("/tokens/{id}/revoke")
    String revoke(@PathVariable String id, RedirectAttributes redirect) {
        try {
            redirect.addFlashAttribute(Flash.ATTRIBUTE, Flash.success("Revoked the token " + tokens.revoke(id).name()
                    + ": requests with it are refused from now on."));
        } catch (TokenNotFound e) {
            refused(redirect, "Nothing changed: " + e.getMessage() + ".");
        }
        return BACK;
    }

    private String again(Model model, HttpServletRequest request, String errors, InvalidSpec e, Map<String, String> entered) {
        request.setAttribute(AuditFilter.REFUSED_BECAUSE, e.getMessage());
        model.addAttribute(errors, e.messagesByField());
        model.addAttribute("entered", entered);
        return page(model);
    }

    private static void refused(RedirectAttributes redirect, String text) {
        redirect.addFlashAttribute(Flash.ATTRIBUTE, Flash.danger(text));
    }
}
