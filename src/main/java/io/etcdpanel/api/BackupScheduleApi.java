package io.etcdpanel.api;

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
@RestController
@RequestMapping("/api/v1/clusters/{name}/backup-schedule")
class BackupScheduleApi {

    private final ScheduleService schedules;

    BackupScheduleApi(ScheduleService schedules) {
        this.schedules = schedules;
    }

    @GetMapping
    ScheduleView get(@PathVariable String name) {
        return schedules.find(name).orElseThrow(() -> new ScheduleNotFound(name));
    }

    @PutMapping
    ScheduleView put(@PathVariable String name, @RequestBody ScheduleRequest request) {
        return schedules.put(name, request, SignedIn.name());
    }

    @DeleteMapping
    ResponseEntity<Void> delete(@PathVariable String name) {
        schedules.delete(name, SignedIn.name());
        return ResponseEntity.noContent().build();
    }

    /** The next five run times of a schedule not yet saved (an addition to the contract). */
    @GetMapping("/preview")
    List<Instant> preview(@PathVariable String name, @RequestParam String cron, @RequestParam(defaultValue = "UTC") String timeZone) {
        return schedules.preview(new ScheduleRequest(cron, timeZone, true, null, null));
    }
}
