package io.etcdpanel.api;

import io.swagger.v3.oas.annotations.tags.Tag;
import io.swagger.v3.oas.annotations.Operation;
import java.util.List;

import io.etcdpanel.catalogue.RuntimeOffer;
import io.etcdpanel.catalogue.RuntimeOffers;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/** {@code /api/v1/runtimes}: what the panel can run clusters on. */
@Tag(name = ApiTags.RUNTIMES)
@RestController
@RequestMapping("/api/v1/runtimes")
class RuntimesApi {

    private final RuntimeOffers runtimes;

    RuntimesApi(RuntimeOffers runtimes) {
        this.runtimes = runtimes;
    }

    @Operation(operationId = "listRuntimes", summary = "List the runtimes and the etcd versions each offers")
    @GetMapping
    List<RuntimeOffer> list() {
        return runtimes.all();
    }
}
