package io.etcdpanel.api;

import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import io.swagger.v3.oas.annotations.Operation;
import java.io.IOException;
import java.net.URI;
import java.util.List;

import io.etcdpanel.restore.RestoreRequest;
import io.etcdpanel.restore.RestoreService;
import io.etcdpanel.restore.RestoreView;
import io.etcdpanel.security.SignedIn;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/** Restores: start one from a snapshot, follow it, list a cluster's. */
@Tag(name = ApiTags.RESTORES)
@RestController
class RestoresApi {

    private final RestoreService restores;

    RestoresApi(RestoreService restores) {
        this.restores = restores;
    }

    @Operation(operationId = "startRestore", summary = "Restore a snapshot in place or into a new cluster")
    @ApiResponse(responseCode = "202", description = "Accepted: the restore, with `Location`; follow it with getRestore")
    @PostMapping("/api/v1/clusters/{name}/restores")
    ResponseEntity<RestoreView> start(@PathVariable String name, @RequestBody RestoreRequest request) throws IOException {
        RestoreView started = restores.start(name, request, SignedIn.name());
        return ResponseEntity.accepted().location(URI.create("/api/v1/restores/" + started.id())).body(started);
    }

    @Operation(operationId = "getRestore", summary = "Follow one restore, step by step")
    @GetMapping("/api/v1/restores/{id}")
    RestoreView get(@PathVariable String id) {
        return restores.get(id);
    }

    @Operation(operationId = "listClusterRestores", summary = "A cluster's restores, newest first")
    @GetMapping("/api/v1/clusters/{name}/restores")
    List<RestoreView> history(@PathVariable String name) {
        return restores.newestFirst(name);
    }
}
