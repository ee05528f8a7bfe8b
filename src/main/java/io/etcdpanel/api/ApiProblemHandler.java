package io.etcdpanel.api;

import java.net.URI;
import java.util.List;
import java.util.Map;

import io.etcdpanel.backup.BackupAlreadyRunning;
import io.etcdpanel.backup.InvalidSnapshot;
import io.etcdpanel.backup.PanelShuttingDown;
import io.etcdpanel.backup.ScheduleNotFound;
import io.etcdpanel.backup.SnapshotNotFound;
import io.etcdpanel.catalogue.ClusterBeingDeleted;
import io.etcdpanel.catalogue.ClusterBeingRestored;
import io.etcdpanel.catalogue.ClusterNameTaken;
import io.etcdpanel.catalogue.ClusterNotFound;
import io.etcdpanel.catalogue.FieldProblem;
import io.etcdpanel.catalogue.InvalidSpec;
import io.etcdpanel.restore.HandoffRefused;
import io.etcdpanel.restore.RestoreNotFound;
import io.etcdpanel.runtime.UnknownMember;
import io.etcdpanel.security.LastAdmin;
import io.etcdpanel.security.TokenNotFound;
import io.etcdpanel.security.UserNotFound;
import io.etcdpanel.security.UsernameTaken;
import jakarta.servlet.http.HttpServletRequest;
import org.springframework.beans.TypeMismatchException;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.dao.OptimisticLockingFailureException;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.web.HttpMediaTypeNotAcceptableException;
import org.springframework.web.HttpMediaTypeNotSupportedException;
import org.springframework.web.HttpRequestMethodNotSupportedException;
import org.springframework.web.bind.MissingServletRequestParameterException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.context.request.ServletWebRequest;
import org.springframework.web.context.request.WebRequest;
import org.springframework.web.servlet.mvc.method.annotation.ResponseEntityExceptionHandler;
import org.springframework.web.servlet.resource.NoResourceFoundException;
import tools.jackson.core.exc.InputCoercionException;
import tools.jackson.databind.DatabindException;
import tools.jackson.databind.exc.MismatchedInputException;

/** The one place REST errors become RFC 9457 problem bodies. */
@RestControllerAdvice(basePackageClasses = ApiProblemHandler.class)
@Order(Ordered.HIGHEST_PRECEDENCE)
class ApiProblemHandler extends ResponseEntityExceptionHandler {

    private static final String TYPE_PREFIX = "urn:etcd-panel:problem:";

    @ExceptionHandler(InvalidSpec.class)
    ProblemDetail invalid(InvalidSpec e) {
        return validation(e.getMessage(), e.problems());
    }

    @ExceptionHandler(InvalidSnapshot.class)
    ProblemDetail invalidSnapshot(InvalidSnapshot e) {
        return problem(HttpStatus.UNPROCESSABLE_ENTITY, "invalid-snapshot", "Invalid snapshot",
                e.getMessage() + "; nothing was stored or changed");
    }

    @ExceptionHandler(BackupAlreadyRunning.class)
    ProblemDetail backupRunning(BackupAlreadyRunning e) {
        return problem(HttpStatus.CONFLICT, "backup-running", "Backup running", e.getMessage());
    }

    @ExceptionHandler(PanelShuttingDown.class)
    ProblemDetail shuttingDown(PanelShuttingDown e) {
        return problem(HttpStatus.SERVICE_UNAVAILABLE, "shutting-down", "Shutting down", e.getMessage());
    }

    @ExceptionHandler(ClusterBeingRestored.class)
    ProblemDetail beingRestored(ClusterBeingRestored e) {
        return problem(HttpStatus.CONFLICT, "restore-running", "Restore running", e.getMessage());
    }

    @ExceptionHandler({ClusterNotFound.class, UnknownMember.class, SnapshotNotFound.class, ScheduleNotFound.class, RestoreNotFound.class,
            HandoffRefused.class, UserNotFound.class, TokenNotFound.class})
    ProblemDetail notFound(RuntimeException e) {
        return problem(HttpStatus.NOT_FOUND, "not-found", "Not found", e.getMessage());
    }

    @ExceptionHandler(UsernameTaken.class)
    ProblemDetail usernameTaken(UsernameTaken e) {
        return problem(HttpStatus.CONFLICT, "name-taken", "Name taken", e.getMessage());
    }

    @ExceptionHandler(LastAdmin.class)
    ProblemDetail lastAdmin(LastAdmin e) {
        return problem(HttpStatus.CONFLICT, "last-admin", "Last admin", e.getMessage());
    }

    @ExceptionHandler(ClusterNameTaken.class)
    ProblemDetail nameTaken(ClusterNameTaken e) {
        return problem(HttpStatus.CONFLICT, "name-taken", "Name taken", e.getMessage());
    }

    @ExceptionHandler(ClusterBeingDeleted.class)
    ProblemDetail beingDeleted(ClusterBeingDeleted e) {
        return problem(HttpStatus.CONFLICT, "being-deleted", "Being deleted", e.getMessage());
    }

    @ExceptionHandler(OptimisticLockingFailureException.class)
    ProblemDetail changedMeanwhile(OptimisticLockingFailureException e) {
        return problem(HttpStatus.CONFLICT, "changed-meanwhile", "Changed meanwhile",
                "the cluster was changed by someone else while this request ran; read it again and retry");
    }

    @ExceptionHandler(BodyTooLarge.class)
    ProblemDetail tooLarge(BodyTooLarge e) {
        return problem(HttpStatus.CONTENT_TOO_LARGE, "too-large", "Body too large", e.getMessage());
    }

    /** What a request no controller took up, or one that failed outside any handler here, is answered with. */
    ResponseEntity<Object> answer(Exception e, WebRequest request) {
        try {
            ResponseEntity<Object> answer = handleException(e, request);
            if (answer != null) {
                return answer;
            }
        } catch (Exception unexpected) {
            logger.error("an API request failed: " + path(request), unexpected);
        }
        return ResponseEntity.internalServerError().body(problem(HttpStatus.INTERNAL_SERVER_ERROR, "internal", "Internal error",
                "the panel failed to answer this request; nothing is known to have changed. Its log has the details; retry, "
                        + "or report it with the time of the request"));
    }

    @Override
    protected ResponseEntity<Object> handleHttpMessageNotReadable(HttpMessageNotReadableException e, HttpHeaders headers,
            HttpStatusCode status, WebRequest request) {
        ProblemDetail body;
        if (e.getCause() instanceof DatabindException databind && !databind.getPath().isEmpty()) {
            String field = databind.getPath().stream().map(reference -> reference.getPropertyName())
                    .filter(name -> name != null).reduce((left, right) -> left + "." + right).orElse("body");
            String expected = "must be " + Expected.of(databind instanceof MismatchedInputException mismatch ? mismatch.getTargetType() : null);
            body = validation(field + " has the wrong type: it " + expected, List.of(new FieldProblem(field, expected)));
        } else if (e.getCause() instanceof InputCoercionException outOfRange && outOfRange.processor() != null) {
            String field = UnknownFields.fieldAt(outOfRange.processor().streamReadContext());
            String expected = "must be " + Expected.of(outOfRange.getTargetType()) + " in range: " + outOfRange.getOriginalMessage();
            body = validation(field + " " + expected, List.of(new FieldProblem(field, expected)));
        } else {
            body = problem(HttpStatus.BAD_REQUEST, "malformed", "Malformed request",
                    "the request body is missing or is not a JSON object: send one with this request's fields, "
                            + "e.g. {\"name\":\"orders\",\"replicas\":3} for a cluster (every body is described at /v3/api-docs)");
        }
        return handleExceptionInternal(e, body, headers, status, request);
    }

    @Override
    protected ResponseEntity<Object> handleNoResourceFoundException(NoResourceFoundException e, HttpHeaders headers,
            HttpStatusCode status, WebRequest request) {
        return handleExceptionInternal(e, problem(HttpStatus.NOT_FOUND, "no-such-path", "No such path",
                "nothing answers " + path(request) + ": the API's paths are listed at /v3/api-docs (none ends in a slash)"),
                headers, status, request);
    }

    @Override
    protected ResponseEntity<Object> handleHttpRequestMethodNotSupported(HttpRequestMethodNotSupportedException e, HttpHeaders headers,
            HttpStatusCode status, WebRequest request) {
        return handleExceptionInternal(e, problem(HttpStatus.METHOD_NOT_ALLOWED, "method-not-allowed", "Method not allowed",
                "not allowed: " + path(request) + "; this path takes " + String.join(", ", e.getSupportedMethods() == null
                        ? new String[0] : e.getSupportedMethods()) + " (the Allow header; see /v3/api-docs)"), headers, status, request);
    }

    @Override
    protected ResponseEntity<Object> handleHttpMediaTypeNotSupported(HttpMediaTypeNotSupportedException e, HttpHeaders headers,
            HttpStatusCode status, WebRequest request) {
        String sent = e.getContentType() == null ? "the request has no Content-Type" : "the body is sent as " + e.getContentType();
        return handleExceptionInternal(e, problem(HttpStatus.UNSUPPORTED_MEDIA_TYPE, "unsupported-media-type", "Unsupported media type",
                sent + "; send it with Content-Type: " + concrete(e.getSupportedMediaTypes())), headers, status, request);
    }

    @Override
    protected ResponseEntity<Object> handleHttpMediaTypeNotAcceptable(HttpMediaTypeNotAcceptableException e, HttpHeaders headers,
            HttpStatusCode status, WebRequest request) {
        return handleExceptionInternal(e, problem(HttpStatus.NOT_ACCEPTABLE, "not-acceptable", "Not acceptable",
                path(request) + " answers only as " + concrete(e.getSupportedMediaTypes()) + ": accept that, or send no Accept header"),
                headers, status, request);
    }

    @Override
    protected ResponseEntity<Object> handleMissingServletRequestParameter(MissingServletRequestParameterException e,
            HttpHeaders headers, HttpStatusCode status, WebRequest request) {
        String message = "is required: add ?" + e.getParameterName() + "=... to the query";
        return handleExceptionInternal(e, validation("query parameter " + e.getParameterName() + " " + message,
                List.of(new FieldProblem(e.getParameterName(), message))), headers, status, request);
    }

    @Override
    protected ResponseEntity<Object> handleTypeMismatch(TypeMismatchException e, HttpHeaders headers, HttpStatusCode status,
            WebRequest request) {
        String parameter = e.getPropertyName() == null ? "parameter" : e.getPropertyName();
        String message = "must be " + Expected.of(e.getRequiredType()) + ", not \"" + e.getValue() + "\"";
        return handleExceptionInternal(e, validation(parameter + " " + message, List.of(new FieldProblem(parameter, message))),
                headers, status, request);
    }

    /** The media types a client can name: application/*+json and the like are left out. */
    private static String concrete(List<MediaType> types) {
        List<String> named = types.stream().filter(type -> !type.isWildcardType() && !type.isWildcardSubtype())
                .map(MediaType::toString).distinct().toList();
        return named.isEmpty() ? "the type /v3/api-docs names" : String.join(" or ", named);
    }

    private static String path(WebRequest request) {
        HttpServletRequest servlet = ((ServletWebRequest) request).getRequest();
        return servlet.getMethod() + " " + servlet.getRequestURI();
    }

    private static ProblemDetail validation(String detail, List<FieldProblem> problems) {
        ProblemDetail body = problem(HttpStatus.BAD_REQUEST, "invalid", "Invalid request",
                detail + "; nothing was changed: correct each field in errors and send the request again");
        body.setProperty("errors", problems.stream()
                .map(problem -> Map.of("field", Echoes.cut(problem.field()), "message", Echoes.cut(problem.message()))).toList());
        return body;
    }

    private static ProblemDetail problem(HttpStatus status, String type, String title, String detail) {
        ProblemDetail body = ProblemDetail.forStatusAndDetail(status, Echoes.cut(detail));
        body.setType(URI.create(TYPE_PREFIX + type));
        body.setTitle(title);
        return body;
    }
}
