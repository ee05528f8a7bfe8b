package io.etcdpanel.etcd;

/** An etcd call that failed or ran out of time; the message says which call and why. */
public class EtcdCallFailed extends RuntimeException {

    public EtcdCallFailed(String message, Throwable cause) {
        super(message, cause);
    }
}
