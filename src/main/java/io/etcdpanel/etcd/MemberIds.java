package io.etcdpanel.etcd;

/** Converts etcd's unsigned 64-bit member ids to and from the hex form etcdctl prints. */
public final class MemberIds {

    private MemberIds() {
    }

    public static String hex(long id) {
        return Long.toHexString(id);
    }

    static long parse(String hex) {
        return Long.parseUnsignedLong(hex, 16);
    }
}
