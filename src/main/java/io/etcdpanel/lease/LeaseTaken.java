package io.etcdpanel.lease;

/** This panel has just become the lease holder: the work of a holder that stopped is now its to finish. */
public record LeaseTaken(String instanceId, long fencing) {
}
