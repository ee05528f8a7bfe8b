package io.etcdpanel.api;

import io.swagger.v3.oas.annotations.tags.Tag;
import io.swagger.v3.oas.annotations.Operation;
import java.util.List;

import io.etcdpanel.catalogue.ClusterCatalogue;
import io.etcdpanel.health.HealthMonitor;
import io.etcdpanel.health.MemberHealth;
import io.etcdpanel.runtime.Runtimes;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** {@code /api/v1/clusters/{name}/members}: each member as etcd reports it, probed live, and its log. */
@Tag(name = ApiTags.MEMBERS)
@RestController
@RequestMapping("/api/v1/clusters/{name}/members")
class MembersApi {

    static final int MAX_LOG_LINES = 2000;

    private final ClusterCatalogue catalogue;
    private final HealthMonitor healthMonitor;
    private final Runtimes runtimes;

    MembersApi(ClusterCatalogue catalogue, HealthMonitor healthMonitor, Runtimes runtimes) {
        this.catalogue = catalogue;
        this.healthMonitor = healthMonitor;
        this.runtimes = runtimes;
    }

    @Operation(operationId = "listMembers", summary = "List a cluster's members as etcd reports them, probed now")
    @GetMapping
    List<MemberHealth> list(@PathVariable String name) {
        return healthMonitor.check(catalogue.get(name).spec()).members();
    }

    /** The last lines of a member's log (an addition to the contract). */
    @Operation(operationId = "getMemberLog", summary = "The last lines of one member's log (at most 2000)")
    @GetMapping(path = "/{member}/log", produces = "text/plain")
    String log(@PathVariable String name, @PathVariable String member, @RequestParam(defaultValue = "200") int lines) {
        int count = Math.max(1, Math.min(lines, MAX_LOG_LINES));
        return String.join("\n", runtimes.logTail(catalogue.get(name).spec(), member, count)) + "\n";
    }
}
