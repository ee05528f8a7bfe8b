package io.etcdpanel.runtime.local;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;

import io.etcdpanel.catalogue.ClusterSpec;
import io.etcdpanel.runtime.JoinPlan;

/**
 * What the local runtime keeps about a member across panel restarts: its ports and, once it has
 * been started, how it joined and on which etcd release. Written atomically so a crash leaves the old or the new record.
 */
record LocalMemberRecord(String name, int clientPort, int peerPort, JoinPlan plan, String version) {

    String clientUrl() {
        return "http://127.0.0.1:" + clientPort;
    }

    String peerUrl() {
        return "http://127.0.0.1:" + peerPort;
    }

    /** The release this member runs; one started before releases were recorded runs the spec's. */
    String versionOr(ClusterSpec cluster) {
        return version != null ? version : cluster.version();
    }

    LocalMemberRecord withPlan(JoinPlan joinPlan) {
        return new LocalMemberRecord(name, clientPort, peerPort, joinPlan, version);
    }

    LocalMemberRecord withVersion(String release) {
        return new LocalMemberRecord(name, clientPort, peerPort, plan, release);
    }

    static LocalMemberRecord read(Path file) {
        Properties properties = new Properties();
        try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            properties.load(reader);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
        JoinPlan plan = properties.containsKey("initialCluster")
                ? new JoinPlan(parseCluster(properties.getProperty("initialCluster")),
                        "new".equals(properties.getProperty("initialClusterState")), properties.getProperty("token"))
                : null;
        return new LocalMemberRecord(properties.getProperty("name"), Integer.parseInt(properties.getProperty("clientPort")),
                Integer.parseInt(properties.getProperty("peerPort")), plan, properties.getProperty("version"));
    }

    void write(Path file) {
        Properties properties = new Properties();
        properties.setProperty("name", name);
        properties.setProperty("clientPort", Integer.toString(clientPort));
        properties.setProperty("peerPort", Integer.toString(peerPort));
        if (plan != null) {
            properties.setProperty("initialCluster", plan.initialClusterFlag());
            properties.setProperty("initialClusterState", plan.stateFlag());
            properties.setProperty("token", plan.token());
        }
        if (version != null) {
            properties.setProperty("version", version);
        }
        Path temporary = file.resolveSibling(file.getFileName() + ".tmp");
        try {
            Files.createDirectories(file.getParent());
            try (Writer writer = Files.newBufferedWriter(temporary, StandardCharsets.UTF_8)) {
                properties.store(writer, "etcd-panel local member");
            }
            try (FileChannel channel = FileChannel.open(temporary, StandardOpenOption.WRITE)) {
                channel.force(true);
            }
            Files.move(temporary, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
    }

    private static Map<String, String> parseCluster(String flag) {
        Map<String, String> cluster = new LinkedHashMap<>();
        for (String pair : flag.split(",")) {
            int equals = pair.indexOf('=');
            cluster.put(pair.substring(0, equals), pair.substring(equals + 1));
        }
        return cluster;
    }
}
