package io.etcdpanel.runtime.kubernetes;

/** A cluster's claims cannot grow to its spec's size (their class does not allow it, or the API server refused): asking again cannot help. */
class VolumesCannotGrow extends IllegalStateException {

    VolumesCannotGrow(String reason) {
        super(reason);
    }
}
