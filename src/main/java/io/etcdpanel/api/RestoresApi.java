package io.etcdpanel.api;

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
@RestController
class RestoresApi {

    private final RestoreService restores;

    RestoresApi(RestoreService restores) {
        this.restores = restores;
    }

    @PostMapping("/api/v1/clusters/{name}/restores")
    ResponseEntity<RestoreView> start(@PathVariable String name, @RequestBody RestoreRequest request) throws IOException {
        RestoreView started = restores.start(name, request, SignedIn.name());
        return ResponseEntity.accepted().location(URI.create("/api/v1/restores/" + started.id())).body(started);
    }

    @GetMapping("/api/v1/restores/{id}")
    RestoreView get(@PathVariable String id) {
        return restores.get(id);
    }

    @GetMapping("/api/v1/clusters/{name}/restores")
    List<RestoreView> history(@PathVariable String name) {
        return restores.newestFirst(name);
    }
}
