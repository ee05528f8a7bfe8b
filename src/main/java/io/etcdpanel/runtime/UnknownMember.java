package io.etcdpanel.runtime;

/** The runtime holds no member of that name for the cluster. */
public class UnknownMember extends RuntimeException {

    public UnknownMember(String cluster, String member) {
        super("cluster " + cluster + " has no member named " + member);
    }
}
