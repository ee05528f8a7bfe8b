package io.etcdpanel.api;

import java.io.InputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import io.etcdpanel.restore.SnapshotHandoff;
import io.swagger.v3.oas.annotations.Hidden;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.mvc.method.annotation.StreamingResponseBody;

/** Serves a snapshot to a restore Job's pod that holds a one-time token; not part of the REST API for people. */
@Hidden
@RestController
class SnapshotHandoffApi {

    private final SnapshotHandoff handoff;

    SnapshotHandoffApi(SnapshotHandoff handoff) {
        this.handoff = handoff;
    }

    @GetMapping(path = SnapshotHandoff.PATH + "{token}", produces = MediaType.APPLICATION_OCTET_STREAM_VALUE)
    ResponseEntity<StreamingResponseBody> snapshot(@PathVariable String token) throws IOException {
        Path file = handoff.redeem(token);
        long size = Files.size(file);
        InputStream content = Files.newInputStream(file);
        StreamingResponseBody body = output -> {
            try (content) {
                content.transferTo(output);
            }
        };
        return ResponseEntity.ok().contentLength(size).body(body);
    }
}
