package io.etcdpanel.support.kube;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The node's pod network: one bridge ({@code <prefix>-br}, the subnet's .1 on the host) and per pod a network
 * namespace {@code <prefix>-<pod>-<uid>} with loopback and an {@code eth0} whose other end ({@code <prefix>-v<n>}) is
 * on the bridge, plus its {@code /etc/netns/<netns>/} directory, and the host port relays in it ({@link HostPortRelay}).
 * Everything it makes starts with {@code <prefix>-}, so {@link #sweep} can take away what a killed JVM left.
 */
final class PodNetwork {

    static final Path ETC_NETNS = Path.of("/etc/netns");
    private static final Pattern PREFIX = Pattern.compile("[a-z][a-z0-9]{0,7}");
    private static final Pattern SUBNET = Pattern.compile("(\\d{1,3})\\.(\\d{1,3})\\.(\\d{1,3})\\.0/24");

    /** A pod's network namespace, its address and the host end of its veth pair. */
    record Sandbox(String netns, String hostVeth, String ip) {

        Path etcDir() {
            return ETC_NETNS.resolve(netns);
        }

        Path hostsFile() {
            return etcDir().resolve("hosts");
        }
    }

    private final String prefix;
    private final String base;
    private final String ip;
    private final HostPortRelay relay;
    private final Set<Integer> inUse = new HashSet<>();
    private int lastHost = 1;
    private int lastVeth;

    /**
     * @param prefix at most 8 of [a-z0-9], starting with a letter (link names are at most 15 characters)
     * @param subnet a /24 such as {@code 10.213.7.0/24}
     * @param relay  the host ports each sandbox reaches on its own loopback
     */
    PodNetwork(String prefix, String subnet, HostPortRelay relay) {
        if (!PREFIX.matcher(prefix).matches()) {
            throw new IllegalArgumentException("prefix " + prefix + " must match " + PREFIX);
        }
        var matcher = SUBNET.matcher(subnet);
        if (!matcher.matches()) {
            throw new IllegalArgumentException("subnet " + subnet + " must be a /24 like 10.213.7.0/24");
        }
        this.prefix = prefix;
        this.base = matcher.group(1) + "." + matcher.group(2) + "." + matcher.group(3) + ".";
        this.ip = HostCommands.which("ip");
        this.relay = relay;
    }

    String bridge() {
        return prefix + "-br";
    }

    /** The host's address on the bridge: the node's InternalIP and every pod's hostIP. */
    String gateway() {
        return base + "1";
    }

    void createBridge() {
        String taken = HostCommands.run(ip, "-o", "-4", "addr", "show");
        if (taken.contains(" " + base)) {
            throw new IllegalStateException("the subnet " + base + "0/24 is already on a link of this host:\n" + taken);
        }
        HostCommands.run(ip, "link", "add", bridge(), "type", "bridge");
        HostCommands.run(ip, "addr", "add", gateway() + "/24", "dev", bridge());
        HostCommands.run(ip, "link", "set", bridge(), "up");
    }

    void deleteBridge() {
        HostCommands.attempt(ip, "link", "del", bridge());
    }

    /** Makes the pod's namespace, gives it the next free address, plugs it into the bridge and starts its relays. */
    Sandbox add(String podName, String uid) {
        Sandbox sandbox = allocate(podName, uid);
        try {
            Files.createDirectories(sandbox.etcDir());
            Files.writeString(sandbox.hostsFile(), "127.0.0.1\tlocalhost\n");
            HostCommands.run(ip, "netns", "add", sandbox.netns());
            HostCommands.run(ip, "link", "add", sandbox.hostVeth(), "type", "veth", "peer", "name", "eth0", "netns", sandbox.netns());
            HostCommands.run(ip, "-n", sandbox.netns(), "link", "set", "lo", "up");
            HostCommands.run(ip, "-n", sandbox.netns(), "addr", "add", sandbox.ip() + "/24", "dev", "eth0");
            HostCommands.run(ip, "-n", sandbox.netns(), "link", "set", "eth0", "up");
            HostCommands.run(ip, "-n", sandbox.netns(), "route", "add", "default", "via", gateway());
            HostCommands.run(ip, "link", "set", sandbox.hostVeth(), "master", bridge(), "up");
            relay.enter(sandbox.netns());
            return sandbox;
        } catch (IOException | RuntimeException e) {
            remove(sandbox);
            throw e instanceof IOException io ? new UncheckedIOException(io) : (RuntimeException) e;
        }
    }

    /** Takes the pod's relays, links, namespace and /etc/netns entry away; its containers must be gone already. */
    void remove(Sandbox sandbox) {
        relay.leave(sandbox.netns());
        HostCommands.attempt(ip, "link", "del", sandbox.hostVeth());
        HostCommands.attempt(ip, "netns", "del", sandbox.netns());
        HostCommands.deleteRecursively(sandbox.etcDir());
        release(sandbox.ip());
    }

    private synchronized Sandbox allocate(String podName, String uid) {
        // round robin, so a pod that comes back does not get an address whose old neighbour entry is still cached
        for (int i = 1; i <= 253; i++) {
            int host = (lastHost - 2 + i) % 253 + 2;
            if (inUse.add(host)) {
                lastHost = host;
                lastVeth++;
                String shortUid = uid.replace("-", "").substring(0, 8);
                return new Sandbox(prefix + "-" + podName + "-" + shortUid, prefix + "-v" + lastVeth, base + host);
            }
        }
        throw new IllegalStateException("no free address left in " + base + "0/24");
    }

    private synchronized void release(String address) {
        inUse.remove(Integer.parseInt(address.substring(base.length())));
    }

    /** What of this prefix is on the host now: network namespaces, links, /etc/netns entries. */
    static List<String> netns(String prefix) {
        String ip = HostCommands.which("ip");
        List<String> names = new ArrayList<>();
        for (String line : HostCommands.attempt(ip, "netns", "list").output().split("\n")) {
            String name = line.split(" ")[0].trim();
            if (name.startsWith(prefix + "-")) {
                names.add(name);
            }
        }
        return names;
    }

    static List<String> links(String prefix) {
        String ip = HostCommands.which("ip");
        List<String> names = new ArrayList<>();
        for (String line : HostCommands.attempt(ip, "-o", "link", "show").output().split("\n")) {
            String[] fields = line.split(": ");
            if (fields.length > 1) {
                String name = fields[1].split("@")[0].trim();
                if (name.startsWith(prefix + "-")) {
                    names.add(name);
                }
            }
        }
        return names;
    }

    static List<String> etcNetns(String prefix) {
        if (!Files.isDirectory(ETC_NETNS)) {
            return List.of();
        }
        try (Stream<Path> entries = Files.list(ETC_NETNS)) {
            return entries.map(entry -> entry.getFileName().toString()).filter(name -> name.startsWith(prefix + "-")).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Pids of the processes in a network namespace ({@code ip netns pids}). */
    static List<Long> pids(String netns) {
        String ip = HostCommands.which("ip");
        List<Long> pids = new ArrayList<>();
        for (String line : HostCommands.attempt(ip, "netns", "pids", netns).output().split("\n")) {
            if (line.trim().matches("\\d+")) {
                pids.add(Long.parseLong(line.trim()));
            }
        }
        return pids;
    }

    /**
     * Takes away everything of this prefix: kills what runs in its namespaces, deletes the links (bridge included),
     * the namespaces and the /etc/netns entries.
     */
    static void sweep(String prefix) {
        String ip = HostCommands.which("ip");
        for (String netns : netns(prefix)) {
            pids(netns).forEach(pid -> ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly));
        }
        for (String link : links(prefix)) {
            HostCommands.attempt(ip, "link", "del", link);
        }
        for (String netns : netns(prefix)) {
            HostCommands.attempt(ip, "netns", "del", netns);
        }
        for (String entry : etcNetns(prefix)) {
            HostCommands.deleteRecursively(ETC_NETNS.resolve(entry));
        }
        // /etc/netns itself is left: other tools may keep entries there
    }
}
