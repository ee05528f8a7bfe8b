package io.etcdpanel.api;

import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import io.swagger.v3.oas.annotations.Operation;
import java.io.IOException;
import java.net.URI;
import java.util.List;
import java.util.Map;

import io.etcdpanel.backup.BackupService;
import io.etcdpanel.backup.ScheduleService;
import io.etcdpanel.catalogue.ClusterCatalogue;
import io.etcdpanel.catalogue.ClusterRequest;
import io.etcdpanel.catalogue.ClusterView;
import io.etcdpanel.security.SignedIn;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Schema;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** {@code /api/v1/clusters}: create, list, read, patch and delete catalogue clusters. */
@Tag(name = ApiTags.CLUSTERS)
@RestController
@RequestMapping("/api/v1/clusters")
class ClustersApi {

    private final ClusterCatalogue catalogue;
    private final BackupService backups;
    private final ScheduleService schedules;

    ClustersApi(ClusterCatalogue catalogue, BackupService backups, ScheduleService schedules) {
        this.catalogue = catalogue;
        this.backups = backups;
        this.schedules = schedules;
    }

    @Operation(operationId = "createCluster", summary = "Create a cluster in the catalogue; the panel then creates its members")
    @ApiResponse(responseCode = "201", description = "Created: the cluster, with `Location`")
    @PostMapping
    ResponseEntity<ClusterResponse> create(@RequestBody ClusterRequest request) {
        ClusterView created = catalogue.create(request, SignedIn.name());
        return ResponseEntity.created(URI.create("/api/v1/clusters/" + created.name())).body(response(created));
    }

    @Operation(operationId = "listClusters", summary = "List every cluster with its status")
    @GetMapping
    List<ClusterResponse> list() {
        return catalogue.list().stream().map(this::response).toList();
    }

    @Operation(operationId = "getCluster", summary = "Read one cluster with its status")
    @GetMapping("/{name}")
    ClusterResponse get(@PathVariable String name) {
        return response(catalogue.get(name));
    }

    @Operation(operationId = "patchCluster", summary = "Change a cluster's spec by a JSON merge patch (e.g. `{\"replicas\":5}`)")
    @PatchMapping(path = "/{name}", consumes = {"application/merge-patch+json", "application/json"})
    ClusterResponse patch(@PathVariable String name, @RequestBody Map<String, Object> patch) {
        return response(catalogue.patch(name, patch, SignedIn.name()));
    }

    /** Snapshots are kept unless {@code deleteSnapshots=true}; volumes are deleted unless {@code keepVolumes=true}. */
    @Operation(operationId = "deleteCluster", summary = "Delete a cluster (ADMIN); its snapshots are kept unless deleteSnapshots=true")
    @ApiResponse(responseCode = "202", description = "Accepted: the cluster is torn down and then gone from GET")
    @DeleteMapping("/{name}")
    ResponseEntity<Void> delete(@PathVariable String name,
            @Parameter(description = "true also deletes the cluster's snapshots; only true or false",
                    schema = @Schema(type = "boolean", defaultValue = "false"))
            @RequestParam(required = false) String deleteSnapshots,
            @Parameter(description = "true keeps the members' volumes with their data: on Kubernetes the PersistentVolumeClaims stay,"
                    + " without the label app.kubernetes.io/managed-by, so the panel no longer lists or deletes them; on the local"
                    + " runtime each member's data dir is moved to <data-dir>/kept/<cluster>-<UTC time>/<member>. Everything"
                    + " else of the cluster is deleted. Only true or false; the cluster's events say what was kept.",
                    schema = @Schema(type = "boolean", defaultValue = "false"))
            @RequestParam(required = false) String keepVolumes) throws IOException {
        boolean alsoSnapshots = StrictBoolean.of("deleteSnapshots", deleteSnapshots).orElse(false);
        catalogue.requestDeletion(name, StrictBoolean.of("keepVolumes", keepVolumes).orElse(false), SignedIn.name());
        if (alsoSnapshots) {
            backups.deleteAll(name, SignedIn.name());
        }
        return ResponseEntity.accepted().build();
    }

    private ClusterResponse response(ClusterView cluster) {
        return ClusterResponse.of(cluster, schedules, backups);
    }
}
