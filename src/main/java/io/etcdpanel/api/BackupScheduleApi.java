package io.etcdpanel.api;

import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import io.swagger.v3.oas.annotations.Operation;
import java.time.Instant;
import java.util.List;

import io.etcdpanel.backup.ScheduleNotFound;
import io.etcdpanel.backup.ScheduleRequest;
import io.etcdpanel.backup.ScheduleService;
import io.etcdpanel.backup.ScheduleView;
import io.etcdpanel.security.SignedIn;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** {@code /api/v1/clusters/{name}/backup-schedule}: when a cluster is backed up, and what is kept. */
@Tag(name = ApiTags.BACKUPS)
@RestController
@RequestMapping("/api/v1/clusters/{name}/backup-schedule")
class BackupScheduleApi {

    private final ScheduleService schedules;

    BackupScheduleApi(ScheduleService schedules) {
        this.schedules = schedules;
    }

    @Operation(operationId = "getBackupSchedule", summary = "Read a cluster's backup schedule")
    @GetMapping
    ScheduleView get(@PathVariable String name) {
        return schedules.find(name).orElseThrow(() -> new ScheduleNotFound(name));
    }

    @Operation(operationId = "putBackupSchedule", summary = "Set a cluster's backup schedule (cron, time zone, retention)")
    @PutMapping
    ScheduleView put(@PathVariable String name, @RequestBody ScheduleRequest request) {
        return schedules.put(name, request, SignedIn.name());
    }

    @Operation(operationId = "deleteBackupSchedule", summary = "Remove a cluster's backup schedule; its snapshots stay")
    @ApiResponse(responseCode = "204", description = "Removed")
    @DeleteMapping
    ResponseEntity<Void> delete(@PathVariable String name) {
        schedules.delete(name, SignedIn.name());
        return ResponseEntity.noContent().build();
    }

    /** The next five run times of a schedule not yet saved (an addition to the contract). */
    @Operation(operationId = "previewBackupSchedule", summary = "The next five run times of a schedule not yet saved")
    @GetMapping("/preview")
    List<Instant> preview(@PathVariable String name, @RequestParam String cron, @RequestParam(defaultValue = "UTC") String timeZone) {
        return schedules.preview(new ScheduleRequest(cron, timeZone, true, null, null));
    }
}
