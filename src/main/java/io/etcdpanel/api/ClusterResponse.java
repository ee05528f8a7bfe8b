package io.etcdpanel.api;

import com.fasterxml.jackson.annotation.JsonUnwrapped;
import io.etcdpanel.catalogue.ClusterView;

/** A cluster as the API returns it: the catalogue's view, plus its backup schedule and last snapshot. */
record ClusterResponse(@JsonUnwrapped ClusterView cluster, Object backupSchedule, Object lastSnapshot) {

    static ClusterResponse of(ClusterView cluster) {
        return new ClusterResponse(cluster, null, null);
    }
}
