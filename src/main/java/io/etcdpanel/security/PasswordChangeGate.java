package io.etcdpanel.security;

import java.io.IOException;
import java.util.List;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.security.authentication.AnonymousAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Keeps a user whose password the panel generated on the change-password page until they have chosen their own:
 * every other page (and every htmx fragment, by {@code HX-Redirect}) sends them there.
 */
final class PasswordChangeGate extends OncePerRequestFilter {

    static final String PAGE = "/account/password";
    private static final List<String> ALWAYS_OPEN = List.of(PAGE, "/logout", "/login", "/error", "/css/", "/js/",
            "/webjars/", "/favicon");

    private final UserService users;

    PasswordChangeGate(UserService users) {
        this.users = users;
    }

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        String path = request.getRequestURI().substring(request.getContextPath().length());
        return ALWAYS_OPEN.stream().anyMatch(path::startsWith);
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        Authentication signedIn = SecurityContextHolder.getContext().getAuthentication();
        if (signedIn == null || signedIn instanceof AnonymousAuthenticationToken || !signedIn.isAuthenticated()
                || !users.passwordChangeRequired(signedIn.getName())) {
            chain.doFilter(request, response);
            return;
        }
        String target = request.getContextPath() + PAGE;
        if (request.getHeader("HX-Request") != null) {
            response.setHeader("HX-Redirect", target);
            response.setStatus(HttpServletResponse.SC_NO_CONTENT);
        } else {
            response.sendRedirect(target);
        }
    }
}
