package io.etcdpanel.api;

import io.swagger.v3.oas.annotations.tags.Tag;
import io.swagger.v3.oas.annotations.Operation;
import java.time.Instant;
import java.util.List;

import io.etcdpanel.events.AuditQuery;
import io.etcdpanel.events.AuditTrail;
import io.etcdpanel.events.AuditView;
import org.springframework.format.annotation.DateTimeFormat;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** {@code /api/v1/audit}: every change and refused attempt, newest first, by cluster, user and time. */
@Tag(name = ApiTags.AUDIT)
@RestController
@RequestMapping("/api/v1/audit")
class AuditApi {

    private final AuditTrail audit;

    AuditApi(AuditTrail audit) {
        this.audit = audit;
    }

    @Operation(operationId = "listAudit", summary = "The audit trail, newest first, filtered by cluster, user and time")
    @GetMapping
    List<AuditView> list(@RequestParam(required = false) String cluster, @RequestParam(required = false) String user,
            @RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE_TIME) Instant from,
            @RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE_TIME) Instant to,
            @RequestParam(defaultValue = "200") int limit) {
        return audit.list(new AuditQuery(cluster, user, from, to, limit));
    }
}
