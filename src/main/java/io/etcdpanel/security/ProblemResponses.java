package io.etcdpanel.security;

import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.http.HttpStatus;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.web.AuthenticationEntryPoint;
import org.springframework.security.web.access.AccessDeniedHandler;
import org.springframework.security.web.csrf.CsrfException;
import tools.jackson.databind.json.JsonMapper;

/** Answers the API's 401 (no or bad credentials) and 403 (role too low, or a missing CSRF token) as RFC 9457 problems. */
class ProblemResponses implements AuthenticationEntryPoint, AccessDeniedHandler {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final CsrfRefusals csrf;

    ProblemResponses(CsrfRefusals csrf) {
        this.csrf = csrf;
    }

    @Override
    public void commence(HttpServletRequest request, HttpServletResponse response, AuthenticationException e) throws IOException {
        response.setHeader("WWW-Authenticate", "Basic realm=\"etcd-panel\", Bearer");
        String detail = request.getHeader("Authorization") == null
                ? "sign in: send HTTP Basic credentials or an API token (Authorization: Bearer ...)"
                : e.getMessage() + "; check the credentials, or ask an admin for a new token";
        write(response, HttpStatus.UNAUTHORIZED, "unauthenticated", "Not signed in", detail);
    }

    @Override
    public void handle(HttpServletRequest request, HttpServletResponse response, AccessDeniedException e) throws IOException {
        if (e instanceof CsrfException) {
            csrf.audit(request);
            write(response, HttpStatus.FORBIDDEN, "csrf", "CSRF token missing or wrong",
                    "a request signed in by the session cookie must carry the page's CSRF token (X-CSRF-TOKEN); "
                            + "automation should send HTTP Basic credentials or an API token instead");
            return;
        }
        write(response, HttpStatus.FORBIDDEN, "forbidden", "Role too low",
                "your role does not allow " + request.getMethod() + " " + request.getRequestURI() + "; ask an admin for a role that does");
    }

    private static void write(HttpServletResponse response, HttpStatus status, String type, String title, String detail)
            throws IOException {
        Map<String, Object> problem = new LinkedHashMap<>();
        problem.put("type", "urn:etcd-panel:problem:" + type);
        problem.put("title", title);
        problem.put("status", status.value());
        problem.put("detail", detail);
        response.setStatus(status.value());
        response.setContentType("application/problem+json");
        response.getOutputStream().write(JSON.writeValueAsBytes(problem));
    }
}
