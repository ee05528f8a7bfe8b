package io.etcdpanel.security;

import java.io.IOException;

import io.etcdpanel.events.AuditOutcome;
import io.etcdpanel.events.AuditTrail;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.web.access.AccessDeniedHandler;
import org.springframework.security.web.access.AccessDeniedHandlerImpl;
import org.springframework.security.web.csrf.CsrfException;

/**
 * Audits a change refused for a missing or wrong CSRF token (it is refused before the audit filter sees it), and
 * answers a page's refusal with the 403 page.
 */
class CsrfRefusals implements AccessDeniedHandler {

    private final AuditTrail audit;
    private final AccessDeniedHandler page = new AccessDeniedHandlerImpl();

    CsrfRefusals(AuditTrail audit) {
        this.audit = audit;
    }

    @Override
    public void handle(HttpServletRequest request, HttpServletResponse response, AccessDeniedException e)
            throws IOException, ServletException {
        if (e instanceof CsrfException) {
            audit(request);
        }
        page.handle(request, response, e);
    }

    void audit(HttpServletRequest request) {
        audit.whole(SignedIn.name(), null, request.getMethod(),
                request.getRequestURI().substring(request.getContextPath().length()), AuditOutcome.Refused, 403,
                "CSRF token missing or wrong");
    }
}
