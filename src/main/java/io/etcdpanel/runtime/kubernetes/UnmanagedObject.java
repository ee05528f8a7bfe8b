package io.etcdpanel.runtime.kubernetes;

/** The panel was to change or delete an object it does not manage; it left the object alone. */
public class UnmanagedObject extends RuntimeException {

    public UnmanagedObject(String object) {
        super(object + " exists and is not managed by etcd-panel (no label app.kubernetes.io/managed-by=etcd-panel);"
                + " the panel does not change or delete it: rename the cluster, or remove that object");
    }
}
