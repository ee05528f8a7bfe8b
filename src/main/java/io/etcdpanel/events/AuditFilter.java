package io.etcdpanel.events;

import java.io.IOException;
import java.util.Set;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.authentication.AnonymousAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.web.filter.OncePerRequestFilter;
import org.springframework.web.util.ContentCachingRequestWrapper;
import org.springframework.web.util.ContentCachingResponseWrapper;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Audits every request that could change something, once its sender is known and before it is allowed or refused:
 * the entry is written before the request runs and completed with its outcome after. A page that refuses a change
 * while answering 200 or a redirect says so with {@link #REFUSED_BECAUSE}.
 */
public class AuditFilter extends OncePerRequestFilter {

    /** Request attribute a page sets when it refused the change, with why. */
    public static final String REFUSED_BECAUSE = AuditFilter.class.getName() + ".refused";
    private static final Set<String> CHANGES = Set.of("POST", "PUT", "PATCH", "DELETE");
    /** JSON bodies are small specs and requests; snapshot uploads are never held. */
    private static final int JSON_KEPT = 64 * 1024;
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final AuditTrail trail;

    public AuditFilter(AuditTrail trail) {
        this.trail = trail;
    }

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        return !CHANGES.contains(request.getMethod());
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        Authentication who = SecurityContextHolder.getContext().getAuthentication();
        boolean anonymous = who == null || who instanceof AnonymousAuthenticationToken;
        String actor = anonymous ? "anonymous" : who.getName();
        String path = request.getRequestURI().substring(request.getContextPath().length());
        long id = trail.started(actor, request.getMethod(), path);
        boolean json = request.getContentType() != null && request.getContentType().contains("json");
        HttpServletRequest seen = json ? new ContentCachingRequestWrapper(request, JSON_KEPT) : request;
        ContentCachingResponseWrapper answer = new ContentCachingResponseWrapper(response);
        try {
            chain.doFilter(seen, answer);
        } catch (AccessDeniedException e) {
            trail.finished(id, AuditOutcome.Refused, anonymous ? 401 : 403, anonymous ? "not signed in" : "role too low", null, null);
            throw e;
        } catch (IOException | ServletException | RuntimeException e) {
            trail.finished(id, AuditOutcome.Failed, 500, e.getClass().getSimpleName(), null, null);
            throw e;
        }
        Runnable completion = completion(id, path, seen, answer);
        // the sender has its answer first: the entry's completion is bookkeeping, and a panel that dies in between
        // leaves the entry Started, which says just that
        answer.copyBodyToResponse();
        response.flushBuffer();
        completion.run();
    }

    /** How to complete the entry, read from the request and the answer before the answer is sent on. */
    private Runnable completion(long id, String path, HttpServletRequest request, ContentCachingResponseWrapper answer) {
        JsonNode body = json(request instanceof ContentCachingRequestWrapper cached ? cached.getContentAsByteArray() : new byte[0]);
        JsonNode result = answer.getContentType() != null && answer.getContentType().contains("json")
                ? json(answer.getContentAsByteArray()) : null;
        int status = answer.getStatus();
        Object refusedBecause = request.getAttribute(REFUSED_BECAUSE);
        AuditOutcome outcome = status >= 500 ? AuditOutcome.Failed
                : status >= 400 || refusedBecause != null ? AuditOutcome.Refused : AuditOutcome.Succeeded;
        String detail = refusedBecause != null ? refusedBecause.toString() : text(result, "detail");
        String cluster = AuditSubject.of(request.getMethod(), path).action().equals("cluster.create")
                ? firstOf(text(body, "name"), formField(request, "name")) : null;
        String snapshot = firstOf(text(body, "snapshotId"), formField(request, "snapshotId"));
        String snapshotId = snapshot == null && result != null && result.has("sha256") ? text(result, "id") : snapshot;
        return () -> trail.finished(id, outcome, status, detail, cluster, snapshotId);
    }

    /** A field of a plain form post; a multipart upload is not parsed for it. */
    private static String formField(HttpServletRequest request, String name) {
        String type = request.getContentType();
        return type != null && type.startsWith("application/x-www-form-urlencoded") ? request.getParameter(name) : null;
    }

    private static String firstOf(String first, String second) {
        return first != null && !first.isBlank() ? first : second;
    }

    private static JsonNode json(byte[] bytes) {
        if (bytes.length == 0) {
            return null;
        }
        try {
            return JSON.readTree(bytes);
        } catch (RuntimeException notJson) {
            return null;
        }
    }

    private static String text(JsonNode node, String field) {
        return node != null && node.isObject() && node.path(field).isString() ? node.path(field).asString() : null;
    }
}
