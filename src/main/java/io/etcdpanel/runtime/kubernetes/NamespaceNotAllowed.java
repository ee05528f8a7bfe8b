package io.etcdpanel.runtime.kubernetes;

import java.util.List;

/** The panel was to write into a namespace outside {@code etcdpanel.kubernetes.namespaces}. */
public class NamespaceNotAllowed extends RuntimeException {

    public NamespaceNotAllowed(String namespace, List<String> allowed) {
        super("namespace " + namespace + " is not one the panel may write to (etcdpanel.kubernetes.namespaces: "
                + String.join(", ", allowed) + ")");
    }
}
