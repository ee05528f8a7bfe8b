package io.etcdpanel.support.kube;

/** A container the agent cannot run as written (a kubelet's CreateContainerConfigError); the message says why. */
final class ContainerConfigException extends Exception {

    ContainerConfigException(String message) {
        super(message);
    }
}
