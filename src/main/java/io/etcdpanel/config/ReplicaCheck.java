package io.etcdpanel.config;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/** Refuses to start more than one panel on an embedded H2 catalogue: replicas need a database they can all reach. */
@Component
class ReplicaCheck {

    ReplicaCheck(PanelProperties panel, @Value("${spring.datasource.url:}") String url) {
        if (panel.replicas() > 1 && (url.startsWith("jdbc:h2:file:") || url.startsWith("jdbc:h2:mem:"))) {
            throw new ReplicasNeedSharedDatabase(panel.replicas(), url);
        }
    }
}
