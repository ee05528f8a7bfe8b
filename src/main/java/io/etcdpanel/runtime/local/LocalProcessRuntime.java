package io.etcdpanel.runtime.local;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;

import io.etcdpanel.catalogue.ClusterSpec;
import io.etcdpanel.config.PanelProperties;
import io.etcdpanel.etcd.EtcdTool;
import io.etcdpanel.runtime.ClusterRuntime;
import io.etcdpanel.runtime.JoinPlan;
import io.etcdpanel.runtime.MemberInstance;
import io.etcdpanel.runtime.RestorePlan;
import io.etcdpanel.catalogue.RuntimeOffer;
import org.springframework.stereotype.Component;

/**
 * The embedded default: every member is an etcd process on 127.0.0.1 with its own directory
 * (record, data, log) under {@code <data-dir>/local/<cluster>/<member>}.
 */
@Component
class LocalProcessRuntime implements ClusterRuntime {

    private final Path root;
    private final EtcdBinaries binaries;
    private final EtcdProcesses processes;
    private final PortAllocator ports;
    private final LocalRuntimeProperties properties;
    private final EtcdTool tool;
    /** Member records as last read or written; the panel is their only writer, so the files are read once. */
    private final Map<Path, LocalMemberRecord> records = new ConcurrentHashMap<>();

    LocalProcessRuntime(PanelProperties panel, EtcdBinaries binaries, EtcdProcesses processes, PortAllocator ports,
            LocalRuntimeProperties properties, EtcdTool tool) {
        this.tool = tool;
        this.root = panel.absoluteDataDir().resolve("local");
        this.binaries = binaries;
        this.processes = processes;
        this.ports = ports;
        this.properties = properties;
    }

    @Override
    public String name() {
        return "local";
    }

    @Override
    public RuntimeOffer describe() {
        List<String> versions = binaries.versions();
        return versions.isEmpty()
                ? new RuntimeOffer(name(), false, versions, null,
                        "no etcd binary on PATH or in etcdpanel.local.etcd-paths: install one (apt-get install etcd-server)")
                : new RuntimeOffer(name(), true, versions, versions.get(0), null);
    }

    @Override
    public List<MemberInstance> instances(ClusterSpec cluster) {
        return memberDirectories(clusterDir(cluster.name())).stream().map(this::instance).toList();
    }

    @Override
    public synchronized MemberInstance allocate(ClusterSpec cluster, String memberName) {
        MemberDirectory member = member(cluster, memberName);
        if (!Files.exists(member.recordFile())) {
            Set<Integer> held = heldPorts();
            int clientPort = ports.next(held);
            held.add(clientPort);
            int peerPort = ports.next(held);
            store(member, new LocalMemberRecord(memberName, clientPort, peerPort, null));
        }
        return instance(member);
    }

    @Override
    public void start(ClusterSpec cluster, String memberName, JoinPlan plan) {
        MemberDirectory member = member(cluster, memberName);
        LocalMemberRecord record = record(member).withPlan(plan);
        store(member, record);
        launch(cluster, member, record);
    }

    /** A member's record and data are the panel's own files: nobody else changes them. */
    @Override
    public Optional<String> converge(ClusterSpec cluster) {
        return Optional.empty();
    }

    @Override
    public void restart(ClusterSpec cluster, String memberName) {
        MemberDirectory member = member(cluster, memberName);
        LocalMemberRecord record = record(member);
        if (record.plan() == null) {
            throw new IllegalStateException(memberName + " has never been started, so there is nothing to restart");
        }
        launch(cluster, member, record);
    }

    @Override
    public void stop(ClusterSpec cluster, String memberName) {
        MemberDirectory member = member(cluster, memberName);
        processes.find(member).ifPresent(process -> processes.stop(process, properties.stopTimeout()));
    }

    @Override
    public boolean restoreData(ClusterSpec cluster, String memberName, RestorePlan plan) throws IOException {
        MemberDirectory member = member(cluster, memberName);
        if (processes.find(member).isPresent()) {
            throw new IllegalStateException(memberName + " is running; it must be stopped before its data is replaced");
        }
        LocalMemberRecord record = record(member);
        // laid down beside the data dir and moved in whole, so a crash leaves the old data or the new
        Path staged = member.root().resolve("data.restoring");
        deleteTree(staged);
        boolean bumped = tool.restore(plan.timeout(), plan.snapshot(), new EtcdTool.RestoreTarget(staged, memberName, record.peerUrl(),
                plan.join().initialClusterFlag(), plan.join().token()), plan.bumpRevision());
        deleteTree(member.dataDir());
        Files.move(staged, member.dataDir(), StandardCopyOption.ATOMIC_MOVE);
        store(member, record.withPlan(plan.join()));
        return bumped;
    }

    @Override
    public void delete(ClusterSpec cluster, String memberName) {
        deleteMember(member(cluster, memberName));
    }

    @Override
    public void deleteAll(ClusterSpec cluster) {
        Path clusterDir = clusterDir(cluster.name());
        memberDirectories(clusterDir).forEach(this::deleteMember);
        deleteTree(clusterDir);
    }

    @Override
    public List<String> logTail(ClusterSpec cluster, String memberName, int lines) {
        return LogTail.lastLines(member(cluster, memberName).logFile(), lines);
    }

    private void launch(ClusterSpec cluster, MemberDirectory member, LocalMemberRecord record) {
        if (processes.find(member).isPresent()) {
            return;
        }
        Path binary = binaries.binaryFor(cluster.version()).orElseThrow(() -> new IllegalStateException(
                "no etcd " + cluster.version() + " binary here; add one to etcdpanel.local.etcd-paths"));
        JoinPlan plan = record.plan();
        processes.launch(member, binary, List.of(
                "--name=" + record.name(),
                "--listen-client-urls=" + record.clientUrl(),
                "--advertise-client-urls=" + record.clientUrl(),
                "--listen-peer-urls=" + record.peerUrl(),
                "--initial-advertise-peer-urls=" + record.peerUrl(),
                "--initial-cluster=" + plan.initialClusterFlag(),
                "--initial-cluster-state=" + plan.stateFlag(),
                "--initial-cluster-token=" + plan.token(),
                "--quota-backend-bytes=" + cluster.quotaBackendBytes(),
                "--auto-compaction-mode=periodic",
                "--auto-compaction-retention=1h"));
    }

    private void deleteMember(MemberDirectory member) {
        processes.find(member).ifPresent(process -> processes.stop(process, properties.stopTimeout()));
        deleteTree(member.root());
        records.remove(member.recordFile());
    }

    private LocalMemberRecord record(MemberDirectory member) {
        return records.computeIfAbsent(member.recordFile(), LocalMemberRecord::read);
    }

    private void store(MemberDirectory member, LocalMemberRecord record) {
        record.write(member.recordFile());
        records.put(member.recordFile(), record);
    }

    private MemberInstance instance(MemberDirectory member) {
        LocalMemberRecord record = record(member);
        return new MemberInstance(record.name(), record.peerUrl(), record.clientUrl(), processes.find(member).isPresent(),
                member.hasData(), record.plan() != null);
    }

    private MemberDirectory member(ClusterSpec cluster, String memberName) {
        return new MemberDirectory(clusterDir(cluster.name()).resolve(memberName));
    }

    private Path clusterDir(String clusterName) {
        return root.resolve(clusterName);
    }

    private Set<Integer> heldPorts() {
        Set<Integer> held = new HashSet<>();
        for (Path clusterDir : children(root)) {
            for (MemberDirectory member : memberDirectories(clusterDir)) {
                LocalMemberRecord record = record(member);
                held.add(record.clientPort());
                held.add(record.peerPort());
            }
        }
        return held;
    }

    private static List<MemberDirectory> memberDirectories(Path clusterDir) {
        return children(clusterDir).stream().map(MemberDirectory::new)
                .filter(member -> Files.exists(member.recordFile())).sorted(java.util.Comparator.comparing(MemberDirectory::memberName)).toList();
    }

    private static List<Path> children(Path dir) {
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> entries = Files.list(dir)) {
            return entries.filter(Files::isDirectory).toList();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + dir, e);
        }
    }

    private static void deleteTree(Path dir) {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> entries = Files.walk(dir)) {
            for (Path entry : entries.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(entry);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot delete " + dir, e);
        }
    }
}
