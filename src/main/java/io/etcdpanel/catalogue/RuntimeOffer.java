package io.etcdpanel.catalogue;

import java.util.List;

/**
 * What a runtime offers here: whether it is usable, which etcd versions it runs (and which of those etcd no longer
 * supports), the namespaces it may write to (none listed: any), and why not or what it runs on.
 */
public record RuntimeOffer(String name, boolean available, List<String> versions, String defaultVersion, String message,
        List<String> namespaces, List<String> outOfSupport) {

    /** The out-of-support versions are those of {@code versions} that etcd no longer supports. */
    public RuntimeOffer(String name, boolean available, List<String> versions, String defaultVersion, String message,
            List<String> namespaces) {
        this(name, available, versions, defaultVersion, message, namespaces,
                versions.stream().filter(version -> !EtcdVersion.parse(version).supported()).toList());
    }

    /** A runtime that may use any namespace. */
    public RuntimeOffer(String name, boolean available, List<String> versions, String defaultVersion, String message) {
        this(name, available, versions, defaultVersion, message, List.of());
    }
}
