package io.etcdpanel.runtime.local;

/** An inclusive range of TCP ports, written as {@code first-last}. */
public record PortRange(int first, int last) {

    public PortRange {
        if (first < 1 || last > 65535 || first > last) {
            throw new IllegalArgumentException("a port range is first-last with 1 <= first <= last <= 65535, not " + first + "-" + last);
        }
    }

    public static PortRange parse(String text) {
        String[] bounds = text.trim().split("-");
        if (bounds.length != 2) {
            throw new IllegalArgumentException("a port range is written first-last, e.g. 23000-23999, not " + text);
        }
        return new PortRange(Integer.parseInt(bounds[0].trim()), Integer.parseInt(bounds[1].trim()));
    }

    @Override
    public String toString() {
        return first + "-" + last;
    }
}
