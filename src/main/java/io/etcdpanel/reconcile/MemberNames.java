package io.etcdpanel.reconcile;

import java.util.Set;

/** Members are named {@code <cluster>-<ordinal>}, like the pods of a StatefulSet. */
final class MemberNames {

    private MemberNames() {
    }

    static String name(String cluster, int ordinal) {
        return cluster + "-" + ordinal;
    }

    /** The ordinal of a member name, or -1 when the name is not one of ours. */
    static int ordinal(String cluster, String member) {
        String prefix = cluster + "-";
        if (member == null || !member.startsWith(prefix)) {
            return -1;
        }
        try {
            return Integer.parseInt(member.substring(prefix.length()));
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    /** The lowest ordinal whose name is not taken. */
    static String firstFree(String cluster, Set<String> taken) {
        int ordinal = 0;
        while (taken.contains(name(cluster, ordinal))) {
            ordinal++;
        }
        return name(cluster, ordinal);
    }
}
