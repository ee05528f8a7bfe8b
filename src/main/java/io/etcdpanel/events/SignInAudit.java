package io.etcdpanel.events;

import jakarta.servlet.http.HttpServletRequest;
import org.springframework.context.event.EventListener;
import org.springframework.security.authentication.event.AbstractAuthenticationFailureEvent;
import org.springframework.security.authentication.event.InteractiveAuthenticationSuccessEvent;
import org.springframework.security.authentication.event.LogoutSuccessEvent;
import org.springframework.stereotype.Component;
import org.springframework.web.context.request.RequestContextHolder;
import org.springframework.web.context.request.ServletRequestAttributes;

/** Audits sign-ins through the form, sign-outs, and every refused sign-in (form, HTTP Basic or token), never with the secret. */
@Component
class SignInAudit {

    private final AuditTrail trail;

    SignInAudit(AuditTrail trail) {
        this.trail = trail;
    }

    @EventListener
    void refused(AbstractAuthenticationFailureEvent event) {
        trail.whole(String.valueOf(event.getAuthentication().getName()), "sign-in", method(), path(), AuditOutcome.Refused, 401,
                event.getException().getMessage());
    }

    @EventListener
    void signedIn(InteractiveAuthenticationSuccessEvent event) {
        trail.whole(event.getAuthentication().getName(), "sign-in", method(), path(), AuditOutcome.Succeeded, null, null);
    }

    @EventListener
    void signedOut(LogoutSuccessEvent event) {
        trail.whole(event.getAuthentication().getName(), "sign-out", method(), path(), AuditOutcome.Succeeded, null, null);
    }

    private static String method() {
        HttpServletRequest request = current();
        return request == null ? "-" : request.getMethod();
    }

    private static String path() {
        HttpServletRequest request = current();
        return request == null ? "-" : request.getRequestURI();
    }

    private static HttpServletRequest current() {
        return RequestContextHolder.getRequestAttributes() instanceof ServletRequestAttributes attributes ? attributes.getRequest() : null;
    }
}
