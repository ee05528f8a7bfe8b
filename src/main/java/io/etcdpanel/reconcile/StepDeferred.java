package io.etcdpanel.reconcile;

/** etcd declined a step for now (a learner not yet in sync, a cluster not settled yet); the next pass tries again. */
class StepDeferred extends RuntimeException {

    StepDeferred(String reason) {
        super(reason);
    }
}
