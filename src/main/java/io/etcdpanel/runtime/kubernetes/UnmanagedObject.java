package io.etcdpanel.runtime.kubernetes;

/** The panel was to change or delete an object it does not manage; it left the object alone. */
public class UnmanagedObject extends RuntimeException {

    public UnmanagedObject(String object) {
        super(object + " exists and is not managed by etcd-panel (no label app.kubernetes.io/managed-by=etcd-panel);"
                + " the panel does not change or delete it: rename the cluster, or remove that object");
    }

    private UnmanagedObject(String object, String advice) {
        super(object + " exists and is not managed by etcd-panel (no label app.kubernetes.io/managed-by=etcd-panel); " + advice);
    }

    /**
     * A claim the cluster's pod would mount, such as one kept by deleting an earlier cluster of the same name with
     * keepVolumes=true: the panel neither mounts its old data into a new member nor deletes it.
     */
    public static UnmanagedObject claim(String claim) {
        return new UnmanagedObject(claim, "it may hold the data of an earlier cluster of this name, deleted with keepVolumes=true,"
                + " and the panel neither mounts nor deletes it: delete the claim (after recovering what you need from it),"
                + " or move its volume to a claim of another name, or create this cluster under another name");
    }
}
