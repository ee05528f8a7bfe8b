package io.etcdpanel.runtime.kubernetes;

import io.fabric8.kubernetes.client.informers.ResourceEventHandler;

/** An informer's handler that runs one action whenever the informer sees an object added, changed or deleted. */
public final class AnyChange implements ResourceEventHandler<Object> {

    private final Runnable action;

    public AnyChange(Runnable action) {
        this.action = action;
    }

    @Override
    public void onAdd(Object added) {
        action.run();
    }

    @Override
    public void onUpdate(Object before, Object after) {
        action.run();
    }

    @Override
    public void onDelete(Object deleted, boolean finalStateUnknown) {
        action.run();
    }
}
