package io.etcdpanel.catalogue;

import java.util.List;

/** What a runtime offers here: whether it is usable, which etcd versions it runs, and why not. */
public record RuntimeOffer(String name, boolean available, List<String> versions, String defaultVersion, String message) {
}
