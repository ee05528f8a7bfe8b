package io.etcdpanel.runtime;

/** Asked for a runtime the panel does not have. */
public class UnknownRuntime extends RuntimeException {

    public UnknownRuntime(String name) {
        super("no runtime named " + name);
    }
}
