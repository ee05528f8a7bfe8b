package io.etcdpanel.api;

/** The cluster has no member of that name. */
class MemberNotFound extends RuntimeException {

    MemberNotFound(String cluster, String member) {
        super("cluster " + cluster + " has no member named " + member);
    }
}
