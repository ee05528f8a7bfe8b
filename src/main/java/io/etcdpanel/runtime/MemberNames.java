package io.etcdpanel.runtime;

import java.util.Set;

/** Members are named {@code <cluster>-<ordinal>}, like the pods of a StatefulSet. */
public final class MemberNames {

    private MemberNames() {
    }

    public static String name(String cluster, int ordinal) {
        return cluster + "-" + ordinal;
    }

    /** The ordinal of a member name, or -1 when the name is not one of ours. */
    public static int ordinal(String cluster, String member) {
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
    public static String firstFree(String cluster, Set<String> taken) {
        int ordinal = 0;
        while (taken.contains(name(cluster, ordinal))) {
            ordinal++;
        }
        return name(cluster, ordinal);
    }
}
