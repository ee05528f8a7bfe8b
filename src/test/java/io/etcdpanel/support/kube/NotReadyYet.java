package io.etcdpanel.support.kube;

/** Something a container needs does not exist yet (a ConfigMap, a claim): wait, as a kubelet's ContainerCreating. */
final class NotReadyYet extends Exception {

    NotReadyYet(String message) {
        super(message);
    }
}
