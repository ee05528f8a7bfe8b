package io.etcdpanel.runtime.local;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Clock;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;

import io.etcdpanel.catalogue.ClusterSpec;
import io.etcdpanel.catalogue.EtcdVersion;
import io.etcdpanel.config.PanelProperties;
import io.etcdpanel.etcd.EtcdRelease;
import io.etcdpanel.etcd.EtcdReleases;
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

    private static final String KEPT_MARKER = "kept-to";
    private static final DateTimeFormatter KEPT_STAMP = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC);

    private final Path root;
    private final Path keptRoot;
    private final Clock clock;
    private final EtcdReleases releases;
    private final EtcdProcesses processes;
    private final PortAllocator ports;
    private final LocalRuntimeProperties properties;
    private final EtcdTool tool;
    /** Member records as last read or written; the panel is their only writer, so the files are read once. */
    private final Map<Path, LocalMemberRecord> records = new ConcurrentHashMap<>();

    LocalProcessRuntime(PanelProperties panel, EtcdReleases releases, EtcdProcesses processes, PortAllocator ports,
            LocalRuntimeProperties properties, EtcdTool tool, Clock clock) {
        this.tool = tool;
        this.root = panel.absoluteDataDir().resolve("local");
        this.keptRoot = panel.absoluteDataDir().resolve("kept");
        this.clock = clock;
        this.releases = releases;
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
        List<EtcdRelease> all = releases.all();
        List<String> versions = all.stream().map(release -> release.version().toString()).toList();
        return versions.isEmpty()
                ? new RuntimeOffer(name(), false, versions, null,
                        "no etcd here: build the releases with bin/etcd-tools, or add binaries to etcdpanel.releases.etcd-paths")
                : new RuntimeOffer(name(), true, versions, defaultVersion(all).toString(), null);
    }

    /** The newest 3.6 (what current Kubernetes runs), else the newest release etcd supports, else the newest there is. */
    private static EtcdVersion defaultVersion(List<EtcdRelease> newestFirst) {
        List<EtcdVersion> versions = newestFirst.stream().map(EtcdRelease::version).toList();
        return versions.stream().filter(version -> version.major() == 3 && version.minor() == 6).findFirst()
                .or(() -> versions.stream().filter(EtcdVersion::supported).findFirst())
                .orElse(versions.get(0));
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
            store(member, new LocalMemberRecord(memberName, clientPort, peerPort, null, null));
        }
        return instance(member);
    }

    @Override
    public void start(ClusterSpec cluster, String memberName, JoinPlan plan) {
        MemberDirectory member = member(cluster, memberName);
        LocalMemberRecord record = record(member).withPlan(plan).withVersion(cluster.version());
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
    public void restartOn(ClusterSpec cluster, String memberName, String version) {
        MemberDirectory member = member(cluster, memberName);
        LocalMemberRecord record = record(member);
        if (record.plan() == null) {
            throw new IllegalStateException(memberName + " has never been started, so it cannot be started on another release");
        }
        processes.find(member).ifPresent(process -> processes.stop(process, properties.stopTimeout()));
        LocalMemberRecord moved = record.withVersion(version);
        store(member, moved);
        launch(cluster, member, moved);
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
        boolean bumped = tool.restore(releases.toolsFor(record.versionOr(cluster)), plan.timeout(), plan.snapshot(), new EtcdTool.RestoreTarget(staged, memberName, record.peerUrl(),
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
    public String deleteAll(ClusterSpec cluster, boolean keepVolumes) {
        Path clusterDir = clusterDir(cluster.name());
        List<MemberDirectory> members = memberDirectories(clusterDir);
        String kept = keepVolumes ? keepData(cluster.name(), clusterDir, members) : null;
        members.forEach(this::deleteMember);
        deleteTree(clusterDir);
        return kept;
    }

    @Override
    public List<String> logTail(ClusterSpec cluster, String memberName, int lines) {
        return LogTail.lastLines(member(cluster, memberName).logFile(), lines);
    }

    private void launch(ClusterSpec cluster, MemberDirectory member, LocalMemberRecord record) {
        if (processes.find(member).isPresent()) {
            return;
        }
        String version = record.versionOr(cluster);
        Path binary = releases.release(version).map(EtcdRelease::etcd).orElseThrow(() -> new IllegalStateException(
                "no etcd " + version + " here; build it with bin/etcd-tools or add it to etcdpanel.releases.etcd-paths"));
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

    /**
     * Stops the members and moves each one's etcd data dir whole to {@code <data-dir>/kept/<cluster>-<UTC time>/<member>},
     * out of the panel's hands. The place is chosen once and written into the cluster's directory first, so a
     * teardown run again after a crash puts every member in the same place.
     */
    private String keepData(String clusterName, Path clusterDir, List<MemberDirectory> members) {
        members.forEach(member -> processes.find(member).ifPresent(process -> processes.stop(process, properties.stopTimeout())));
        try {
            Path keptDir = keptPlace(clusterName, clusterDir);
            for (MemberDirectory member : members) {
                if (Files.isDirectory(member.dataDir())) {
                    Files.createDirectories(keptDir);
                    Files.move(member.dataDir(), keptDir.resolve(member.memberName()));
                }
            }
            List<String> keptMembers = children(keptDir).stream().map(dir -> dir.getFileName().toString()).sorted().toList();
            return keptMembers.isEmpty() ? "no member had data to keep"
                    : "the data of " + String.join(", ", keptMembers) + " was kept in " + keptDir
                            + " (one etcd data dir per member; the panel does not use or delete it)";
        } catch (IOException e) {
            throw new UncheckedIOException("cannot keep the data of " + clusterName, e);
        }
    }

    private Path keptPlace(String clusterName, Path clusterDir) throws IOException {
        Path marker = clusterDir.resolve(KEPT_MARKER);
        if (Files.exists(marker)) {
            return Path.of(Files.readString(marker).strip());
        }
        String stamp = KEPT_STAMP.format(clock.instant());
        Path place = keptRoot.resolve(clusterName + "-" + stamp);
        for (int n = 2; Files.exists(place); n++) {
            place = keptRoot.resolve(clusterName + "-" + stamp + "-" + n);
        }
        Path staged = clusterDir.resolve(KEPT_MARKER + ".part");
        Files.createDirectories(clusterDir);
        Files.writeString(staged, place.toString());
        Files.move(staged, marker, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        return place;
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
                member.hasData(), record.plan() != null, record.version());
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
