package io.etcdpanel.support.kube;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Collection;
import java.util.Comparator;

/**
 * The /etc/hosts a pod sees: its own names and every other pod of its namespace that has a hostname and a subdomain,
 * as cluster DNS would answer {@code <hostname>.<subdomain>.<namespace>.svc[.cluster.local]}.
 */
final class HostsFile {

    /** A pod's address and the DNS names it would have. */
    record Entry(String namespace, String hostname, String subdomain, String ip) {

        boolean named() {
            return hostname != null && !hostname.isEmpty() && subdomain != null && !subdomain.isEmpty();
        }

        String serviceName() {
            return hostname + "." + subdomain + "." + namespace + ".svc";
        }
    }

    private HostsFile() {
    }

    static String render(Entry self, Collection<Entry> namespacePods) {
        StringBuilder hosts = new StringBuilder("# written by the test node agent\n127.0.0.1\tlocalhost\n::1\tlocalhost ip6-localhost ip6-loopback\n");
        namespacePods.stream()
                .filter(Entry::named)
                .filter(entry -> entry.namespace().equals(self.namespace()))
                .sorted(Comparator.comparing(Entry::serviceName))
                .forEach(entry -> {
                    hosts.append(entry.ip()).append('\t').append(entry.serviceName()).append(".cluster.local ")
                            .append(entry.serviceName());
                    if (entry.equals(self)) {
                        hosts.append(' ').append(entry.hostname());
                    }
                    hosts.append('\n');
                });
        if (!self.named() && self.hostname() != null) {
            hosts.append(self.ip()).append('\t').append(self.hostname()).append('\n');
        }
        return hosts.toString();
    }

    /**
     * Rewrites the file in place. {@code ip netns exec} bind-mounts this very file (its inode) over /etc/hosts when the
     * process starts: a new file renamed over it would never be seen by a running process.
     *
     * @return false when the file is gone (its sandbox was torn down meanwhile)
     */
    static boolean writeInPlace(Path file, String content) throws IOException {
        byte[] bytes = content.getBytes(StandardCharsets.UTF_8);
        try {
            if (Files.size(file) == bytes.length && content.equals(Files.readString(file))) {
                return true;
            }
            Files.write(file, bytes, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING);
            return true;
        } catch (NoSuchFileException e) {
            return false;
        }
    }
}
