package io.etcdpanel.support.kube;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * What one agent owns on this host outside the pod network: its directory {@code /tmp/test-node-agent-<prefix>}
 * (owner pid, claim and pod directories, the mount points it had to create) and the processes it started, which carry
 * {@value #MARKER}={@code <prefix>:<namespace>/<pod>} in their environment. A directory whose owner is dead is a
 * killed JVM's leftover and is swept, with its network, before the directory is taken again.
 */
final class AgentHost {

    static final String MARKER = "TEST_NODE_AGENT_POD";
    private static final String OWNER = "owner.pid";
    private static final String MOUNT_POINTS = "created-mount-points";

    private final String prefix;
    private final Path dir;

    static Path dirOf(String prefix) {
        return Path.of(System.getProperty("java.io.tmpdir"), "test-node-agent-" + prefix);
    }

    /** The claim directories of a prefix on the host, as "namespace/claim-uid". */
    static List<String> claimDirs(String prefix) {
        Path claims = dirOf(prefix).resolve("claims");
        if (!Files.isDirectory(claims)) {
            return List.of();
        }
        try (java.util.stream.Stream<Path> dirs = Files.walk(claims, 2)) {
            return dirs.filter(d -> d.getNameCount() == claims.getNameCount() + 2)
                    .map(d -> claims.relativize(d).toString()).sorted().toList();
        } catch (IOException | UncheckedIOException e) {
            return List.of();
        }
    }

    private AgentHost(String prefix, Path dir) {
        this.prefix = prefix;
        this.dir = dir;
    }

    /** Takes the prefix for this JVM; sweeps a dead owner's leftovers first, refuses a live one's. */
    static AgentHost claim(String prefix) {
        Path dir = dirOf(prefix);
        long me = ProcessHandle.current().pid();
        try {
            if (Files.isDirectory(dir)) {
                long owner = owner(dir);
                if (owner != me && owner > 0 && ProcessHandle.of(owner).map(ProcessHandle::isAlive).orElse(false)) {
                    throw new IllegalStateException("a test node agent with prefix " + prefix + " is running in pid " + owner);
                }
            }
            AgentHost host = new AgentHost(prefix, dir);
            List<String> leftovers = new ArrayList<>(host.processes());
            leftovers.addAll(PodNetwork.netns(prefix));
            leftovers.addAll(PodNetwork.links(prefix));
            leftovers.addAll(PodNetwork.etcNetns(prefix));
            if (!leftovers.isEmpty()) {
                System.err.println("test node agent: sweeping what a dead agent with prefix " + prefix + " left: " + leftovers);
            }
            host.sweep(); // a killed JVM's leftovers, or a crashed start's
            Files.createDirectories(dir);
            Files.writeString(dir.resolve(OWNER), Long.toString(me));
            return host;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    String prefix() {
        return prefix;
    }

    /** A claim's directory, by the claim's uid: a claim deleted and made again under the same name starts empty. */
    Path claimDir(String namespace, String claim, String uid) {
        return dir.resolve("claims").resolve(namespace).resolve(claim + "-" + uid);
    }

    Path claimsDir() {
        return dir.resolve("claims");
    }

    Path podDir(String uid) {
        return dir.resolve("pods").resolve(uid);
    }

    /** Makes the missing directories of a mount point on the host, and remembers them to take them away at the end. */
    synchronized void ensureMountPoint(Path mountPoint) throws IOException {
        List<Path> missing = new ArrayList<>();
        for (Path p = mountPoint.toAbsolutePath().normalize(); p != null && !Files.exists(p); p = p.getParent()) {
            missing.add(0, p);
        }
        for (Path p : missing) {
            Files.createDirectory(p);
            Files.writeString(dir.resolve(MOUNT_POINTS), p + "\n", StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        }
    }

    /** The processes of this prefix still on the host, as "pid namespace/pod: command". */
    List<String> processes() {
        return processes(prefix);
    }

    /** The processes of a prefix on the host, as "pid namespace/pod: command". */
    static List<String> processes(String prefix) {
        String marker = MARKER + "=" + prefix + ":";
        List<String> found = new ArrayList<>();
        ProcessHandle.allProcesses().forEach(process -> {
            String environment = read(Path.of("/proc", Long.toString(process.pid()), "environ"));
            int at = environment.indexOf(marker);
            if (at >= 0 && (at == 0 || environment.charAt(at - 1) == '\0')) {
                int end = environment.indexOf('\0', at);
                found.add(process.pid() + " " + environment.substring(at + marker.length(), end < 0 ? environment.length() : end)
                        + ": " + read(Path.of("/proc", Long.toString(process.pid()), "cmdline")).replace('\0', ' ').trim());
            }
        });
        return found;
    }

    /** Kills every process of this prefix, takes its network away, and deletes the directory and the mount points it made. */
    void sweep() {
        for (String process : processes()) {
            ProcessHandle.of(Long.parseLong(process.substring(0, process.indexOf(' ')))).ifPresent(handle -> {
                handle.destroyForcibly();
                try {
                    handle.onExit().get(5, TimeUnit.SECONDS);
                } catch (Exception e) {
                    // reported by the next look
                }
            });
        }
        PodNetwork.sweep(prefix);
        Path mountPoints = dir.resolve(MOUNT_POINTS);
        if (Files.isRegularFile(mountPoints)) {
            List<String> made = new ArrayList<>(List.of(read(mountPoints).split("\n")));
            java.util.Collections.reverse(made);
            for (String path : made) {
                if (!path.isBlank() && !mountedByAnAgentsProcess(path)) {
                    try {
                        Files.deleteIfExists(Path.of(path));
                    } catch (DirectoryNotEmptyException e) {
                        // someone else put something there: theirs now
                    } catch (IOException e) {
                        // left behind
                    }
                }
            }
        }
        HostCommands.deleteRecursively(dir);
    }

    /**
     * Whether a process of any agent (another JVM's, say, whose pod mounts /snapshot too) has something mounted there:
     * removing the directory under it would unmount it from that process's mount namespace (Linux detaches mounts on
     * a removed directory). Such a directory is left; it is empty on the host.
     */
    private static boolean mountedByAnAgentsProcess(String path) {
        String marker = MARKER + "=";
        return ProcessHandle.allProcesses().anyMatch(process -> {
            Path proc = Path.of("/proc", Long.toString(process.pid()));
            String environment = read(proc.resolve("environ"));
            if (!environment.startsWith(marker) && !environment.contains("\0" + marker)) {
                return false;
            }
            return read(proc.resolve("mountinfo")).lines().map(line -> line.split(" "))
                    .anyMatch(fields -> fields.length > 4 && fields[4].equals(path));
        });
    }

    private static long owner(Path dir) {
        try {
            return Long.parseLong(Files.readString(dir.resolve(OWNER)).trim());
        } catch (NoSuchFileException | NumberFormatException e) {
            return -1;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String read(Path file) {
        try {
            return new String(Files.readAllBytes(file), StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "";
        }
    }
}
