package io.etcdpanel.api;

import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;

import io.etcdpanel.backup.BackupService;
import io.etcdpanel.backup.ListedSnapshot;
import io.etcdpanel.backup.SnapshotQuery;
import io.etcdpanel.backup.SnapshotView;
import io.etcdpanel.security.SignedIn;
import jakarta.servlet.http.HttpServletRequest;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.HttpMediaTypeNotSupportedException;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.mvc.method.annotation.StreamingResponseBody;

/** Snapshots: back up now, a cluster's history and every cluster's, a snapshot's record and file, import and delete. */
@Tag(name = ApiTags.BACKUPS)
@RestController
class SnapshotsApi {

    private final BackupService backups;

    SnapshotsApi(BackupService backups) {
        this.backups = backups;
    }

    @Operation(operationId = "backUpNow", summary = "Take a snapshot of a cluster now")
    @ApiResponse(responseCode = "202", description = "Accepted: the snapshot being taken, with `Location`")
    @PostMapping("/api/v1/clusters/{name}/snapshots")
    ResponseEntity<SnapshotView> backUpNow(@PathVariable String name) {
        SnapshotView running = backups.backUpNow(name, SignedIn.name());
        return ResponseEntity.accepted().location(URI.create("/api/v1/snapshots/" + running.id())).body(running);
    }

    @Operation(operationId = "listClusterSnapshots", summary = "A cluster's snapshots, newest first")
    @GetMapping("/api/v1/clusters/{name}/snapshots")
    List<SnapshotView> history(@PathVariable String name) {
        return backups.newestFirst(name);
    }

    /**
     * The body is streamed to the store as it arrives, never held in memory. Spring would take a body without a
     * Content-Type for octet-stream; such a client may be sending anything, so it is told what to send.
     */
    @Operation(operationId = "importSnapshot", summary = "Import an etcd snapshot file (streamed) into a cluster's history")
    @ApiResponse(responseCode = "201", description = "Imported and verified: the snapshot, with `Location`")
    @PostMapping(path = "/api/v1/clusters/{name}/snapshots/import", consumes = MediaType.APPLICATION_OCTET_STREAM_VALUE)
    @ApiResponse(responseCode = "422", description = "The file is not a sound etcd snapshot; nothing was kept",
            content = @Content(mediaType = "application/problem+json", schema = @Schema(ref = OpenApiConfiguration.PROBLEM_REF)))
    @io.swagger.v3.oas.annotations.parameters.RequestBody(required = true, description = "an etcd snapshot file, as etcdctl snapshot save writes it",
            content = @Content(mediaType = MediaType.APPLICATION_OCTET_STREAM_VALUE, schema = @Schema(type = "string", format = "binary")))
    ResponseEntity<SnapshotView> importSnapshot(@PathVariable String name, @Parameter(hidden = true) HttpServletRequest request,
            @Parameter(hidden = true) InputStream body) throws HttpMediaTypeNotSupportedException {
        if (request.getContentType() == null) {
            throw new HttpMediaTypeNotSupportedException(null, List.of(MediaType.APPLICATION_OCTET_STREAM), HttpMethod.POST);
        }
        SnapshotView imported = backups.importSnapshot(name, body, SignedIn.name());
        return ResponseEntity.created(URI.create("/api/v1/snapshots/" + imported.id())).body(imported);
    }

    /** Every cluster's snapshots, newest first: {@code orphaned=true} those whose cluster is gone from the catalogue. */
    @Operation(operationId = "listSnapshots", summary = "Every cluster's snapshots, newest first, filtered by cluster and orphaned")
    @GetMapping("/api/v1/snapshots")
    List<SnapshotView> list(@Parameter(description = "only this cluster's snapshots") @RequestParam(required = false) String cluster,
            @Parameter(description = "true: only those whose cluster is gone from the catalogue (deleted with its snapshots kept);"
                    + " false: only those whose cluster is there. Only true or false; absent lists both.",
                    schema = @Schema(type = "boolean")) @RequestParam(required = false) String orphaned) {
        SnapshotQuery query = new SnapshotQuery(cluster, StrictBoolean.of("orphaned", orphaned).orElse(null));
        return backups.list(query).stream().map(ListedSnapshot::snapshot).toList();
    }

    @Operation(operationId = "getSnapshot", summary = "Read one snapshot's record")
    @GetMapping("/api/v1/snapshots/{id}")
    SnapshotView get(@PathVariable String id) {
        return backups.get(id);
    }

    @Operation(operationId = "downloadSnapshot", summary = "Download a snapshot file (OPERATOR)")
    @GetMapping(path = "/api/v1/snapshots/{id}/content", produces = MediaType.APPLICATION_OCTET_STREAM_VALUE)
    @ApiResponse(responseCode = "200", description = "The snapshot file",
            content = @Content(mediaType = MediaType.APPLICATION_OCTET_STREAM_VALUE, schema = @Schema(type = "string", format = "binary")))
    ResponseEntity<StreamingResponseBody> content(@PathVariable String id) throws IOException {
        SnapshotView snapshot = backups.get(id);
        InputStream file = backups.open(id);
        StreamingResponseBody body = output -> {
            try (file) {
                file.transferTo(output);
            }
        };
        // the sha256 recorded when the file was taken: a strong validator, and its RFC 9530 digest
        byte[] sha256 = HexFormat.of().parseHex(snapshot.sha256());
        return ResponseEntity.ok()
                .header(HttpHeaders.CONTENT_DISPOSITION, "attachment; filename=\"" + snapshot.cluster() + "-" + id + ".db\"")
                .contentType(MediaType.APPLICATION_OCTET_STREAM)
                .contentLength(snapshot.sizeBytes())
                .eTag("\"" + snapshot.sha256() + "\"")
                .header("Repr-Digest", "sha-256=:" + Base64.getEncoder().encodeToString(sha256) + ":")
                .body(body);
    }

    @Operation(operationId = "deleteSnapshot", summary = "Delete a snapshot and its file (ADMIN)")
    @ApiResponse(responseCode = "204", description = "Deleted")
    @DeleteMapping("/api/v1/snapshots/{id}")
    ResponseEntity<Void> delete(@PathVariable String id) throws IOException {
        backups.delete(id, SignedIn.name());
        return ResponseEntity.noContent().build();
    }
}
