package io.etcdpanel.config;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/** Says what to do when replicas are configured on an embedded H2 catalogue: use PostgreSQL, or run one panel. */
class ReplicasNeedSharedDatabaseAnalyzer extends AbstractFailureAnalyzer<ReplicasNeedSharedDatabase> {

    @Override
    protected FailureAnalysis analyze(Throwable rootFailure, ReplicasNeedSharedDatabase cause) {
        return new FailureAnalysis(cause.getMessage(), "Put the catalogue in PostgreSQL (spring.datasource.url=jdbc:postgresql://..., "
                + "with username and password) for more than one panel, or set etcdpanel.replicas=1.", cause);
    }
}
