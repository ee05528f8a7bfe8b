package io.etcdpanel.catalogue;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** An etcd release number ({@code 3.5.11}, {@code v3.6.0-rc.1}), compared by major, minor and patch. */
public record EtcdVersion(int major, int minor, int patch) implements Comparable<EtcdVersion> {

    private static final Pattern RELEASE = Pattern.compile("v?(\\d+)\\.(\\d+)(?:\\.(\\d+))?(?:[-+].*)?");

    public static EtcdVersion parse(String version) {
        Matcher matcher = version == null ? null : RELEASE.matcher(version.trim());
        if (matcher == null || !matcher.matches()) {
            throw new IllegalArgumentException("not an etcd version: " + version);
        }
        return new EtcdVersion(Integer.parseInt(matcher.group(1)), Integer.parseInt(matcher.group(2)),
                matcher.group(3) == null ? 0 : Integer.parseInt(matcher.group(3)));
    }

    public boolean atLeast(int major, int minor, int patch) {
        return compareTo(new EtcdVersion(major, minor, patch)) >= 0;
    }

    /** etcd supports 3.5 and later; 3.4 and older are out of support. */
    public boolean supported() {
        return atLeast(3, 5, 0);
    }

    @Override
    public int compareTo(EtcdVersion other) {
        int byMajor = Integer.compare(major, other.major);
        if (byMajor != 0) {
            return byMajor;
        }
        int byMinor = Integer.compare(minor, other.minor);
        return byMinor != 0 ? byMinor : Integer.compare(patch, other.patch);
    }

    @Override
    public String toString() {
        return major + "." + minor + "." + patch;
    }
}
