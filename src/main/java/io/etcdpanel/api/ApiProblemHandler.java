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
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.dao.OptimisticLockingFailureException;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.context.request.WebRequest;
import org.springframework.web.servlet.mvc.method.annotation.ResponseEntityExceptionHandler;
import tools.jackson.databind.DatabindException;

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

    @Override
    protected ResponseEntity<Object> handleHttpMessageNotReadable(HttpMessageNotReadableException e, HttpHeaders headers,
            HttpStatusCode status, WebRequest request) {
        ProblemDetail body;
        if (e.getCause() instanceof DatabindException databind && !databind.getPath().isEmpty()) {
            String field = databind.getPath().stream().map(reference -> reference.getPropertyName())
                    .filter(name -> name != null).reduce((left, right) -> left + "." + right).orElse("body");
            body = validation("the request body does not fit a cluster spec", List.of(new FieldProblem(field, "has the wrong type")));
        } else {
            body = problem(HttpStatus.BAD_REQUEST, "malformed", "Malformed request",
                    "the request body is not valid JSON: send a JSON object, e.g. {\"name\":\"orders\",\"replicas\":3}");
        }
        return ResponseEntity.badRequest().body(body);
    }

    private static ProblemDetail validation(String detail, List<FieldProblem> problems) {
        ProblemDetail body = problem(HttpStatus.BAD_REQUEST, "invalid", "Invalid request", detail);
        body.setProperty("errors", problems.stream().map(problem -> Map.of("field", problem.field(), "message", problem.message()))
                .toList());
        return body;
    }

    private static ProblemDetail problem(HttpStatus status, String type, String title, String detail) {
        ProblemDetail body = ProblemDetail.forStatusAndDetail(status, detail);
        body.setType(URI.create(TYPE_PREFIX + type));
        body.setTitle(title);
        return body;
    }
}
