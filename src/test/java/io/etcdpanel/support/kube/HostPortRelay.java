package io.etcdpanel.support.kube;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;

/**
 * Makes {@code 127.0.0.1:<port>} inside every pod's network namespace reach {@code 127.0.0.1:<port>} of the host, for
 * the ports a test names: it stands in for the cluster network's route from a pod to the panel's Service (a restore
 * Job's pod fetching its snapshot from the panel), which this node has no other way to give.
 *
 * <p>Host side: this JVM listens on a unix domain socket {@code relay-<port>.sock} in the agent's directory and copies
 * each connection both ways to {@code 127.0.0.1:<port>}. Pod side: per sandbox, {@code ip netns exec <netns> socat
 * TCP-LISTEN:<port>,bind=127.0.0.1,fork,reuseaddr UNIX-CONNECT:<socket>}, started when the sandbox is made (listening
 * before any container starts) and killed, with the children of its open connections, when the sandbox goes. Nothing
 * listens beyond loopback. The socat processes carry the agent's marker ({@code <prefix>:relay/<netns>}), so a
 * sweep finds them after a killed JVM.
 */
final class HostPortRelay implements AutoCloseable {

    private static final Duration LISTEN_DEADLINE = Duration.ofSeconds(5);
    private static final String LOOPBACK_HEX = "0100007F";
    private static final String TCP_LISTEN = "0A";

    private final Path dir;
    private final String prefix;
    private final Path log;
    private final Map<Integer, ServerSocketChannel> listeners = new LinkedHashMap<>();
    /** Each entered network namespace's socat, by port. */
    private final Map<String, Map<Integer, Process>> sandboxes = new LinkedHashMap<>();
    private final ExecutorService threads;
    private boolean closed;

    /**
     * @param dir    where the sockets go (the agent's directory)
     * @param prefix the agent's prefix, for the marker
     * @param log    where socat's complaints go
     */
    HostPortRelay(Path dir, String prefix, Path log) {
        this.dir = dir;
        this.prefix = prefix;
        this.log = log;
        this.threads = Executors.newCachedThreadPool(runnable -> {
            Thread thread = new Thread(runnable, "test-node-agent-" + prefix + "-relay");
            thread.setDaemon(true);
            return thread;
        });
    }

    /** Relays this host port into every sandbox, those there now and those made later. */
    synchronized void relay(int port) {
        if (closed || listeners.containsKey(port)) {
            return;
        }
        try {
            Path socket = socket(port);
            Files.createDirectories(dir);
            Files.deleteIfExists(socket);
            ServerSocketChannel server = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
            server.bind(UnixDomainSocketAddress.of(socket));
            listeners.put(port, server);
            threads.execute(() -> accept(server, port));
        } catch (IOException e) {
            throw new UncheckedIOException("relay of host port " + port, e);
        }
        for (String netns : sandboxes.keySet()) {
            sandboxes.get(netns).put(port, startSocat(netns, port));
        }
    }

    /** Starts the relays in a new sandbox; returns once each listens there. */
    synchronized void enter(String netns) {
        Map<Integer, Process> socats = new LinkedHashMap<>();
        sandboxes.put(netns, socats);
        for (int port : listeners.keySet()) {
            socats.put(port, startSocat(netns, port));
        }
    }

    /** Stops the sandbox's relays and the connections they hold. */
    synchronized void leave(String netns) {
        Map<Integer, Process> socats = sandboxes.remove(netns);
        if (socats != null) {
            socats.values().forEach(HostPortRelay::kill);
        }
    }

    @Override
    public synchronized void close() {
        closed = true;
        new ArrayList<>(sandboxes.keySet()).forEach(this::leave);
        listeners.forEach((port, server) -> {
            try {
                server.close();
                Files.deleteIfExists(socket(port));
            } catch (IOException e) {
                // the agent's directory goes with the sweep
            }
        });
        listeners.clear();
        threads.shutdownNow();
    }

    private Path socket(int port) {
        return dir.resolve("relay-" + port + ".sock");
    }

    private Process startSocat(String netns, int port) {
        List<String> command = List.of(HostCommands.which("ip"), "netns", "exec", netns, HostCommands.which("socat"),
                "TCP-LISTEN:" + port + ",bind=127.0.0.1,fork,reuseaddr", "UNIX-CONNECT:" + socket(port));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
        builder.environment().clear();
        builder.environment().put("PATH", HostCommands.PATH);
        builder.environment().put(AgentHost.MARKER, prefix + ":relay/" + netns);
        try {
            Files.createDirectories(log.getParent());
            Process socat = builder.start();
            awaitListening(socat, port);
            return socat;
        } catch (IOException e) {
            throw new UncheckedIOException("socat for port " + port + " in " + netns, e);
        }
    }

    /** Reads the listening sockets of socat's network namespace from its /proc/<pid>/net/tcp. */
    private static void awaitListening(Process socat, int port) {
        String local = LOOPBACK_HEX + ":" + String.format(Locale.ROOT, "%04X", port);
        Path table = Path.of("/proc", Long.toString(socat.pid()), "net", "tcp");
        Instant end = Instant.now().plus(LISTEN_DEADLINE);
        while (Instant.now().isBefore(end)) {
            if (!socat.isAlive()) {
                throw new IllegalStateException("socat for port " + port + " ended with " + socat.exitValue());
            }
            try {
                for (String line : Files.readAllLines(table)) {
                    String[] fields = line.trim().split("\\s+");
                    if (fields.length > 3 && fields[1].equals(local) && fields[3].equals(TCP_LISTEN)) {
                        return;
                    }
                }
            } catch (IOException e) {
                // not in its namespace yet
            }
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(20));
        }
        kill(socat);
        throw new IllegalStateException("socat for port " + port + " not listening within " + LISTEN_DEADLINE.toSeconds() + " s");
    }

    private static void kill(Process socat) {
        socat.descendants().forEach(ProcessHandle::destroyForcibly);
        socat.destroyForcibly();
        try {
            socat.waitFor(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void accept(ServerSocketChannel server, int port) {
        while (server.isOpen()) {
            try {
                SocketChannel pod = server.accept();
                threads.execute(() -> connect(pod, port));
            } catch (IOException e) {
                return; // closed
            }
        }
    }

    private void connect(SocketChannel pod, int port) {
        SocketChannel host;
        try {
            host = SocketChannel.open(new InetSocketAddress("127.0.0.1", port));
        } catch (IOException e) {
            close(pod); // nothing listens on the host port: the pod sees its connection closed
            return;
        }
        AtomicInteger open = new AtomicInteger(2);
        threads.execute(() -> copy(host, pod, open));
        copy(pod, host, open);
    }

    /** Copies until one side ends, then half-closes the other; the second direction to end closes both. */
    private static void copy(SocketChannel from, SocketChannel to, AtomicInteger open) {
        ByteBuffer buffer = ByteBuffer.allocate(64 * 1024);
        try {
            while (from.read(buffer) >= 0) {
                buffer.flip();
                while (buffer.hasRemaining()) {
                    to.write(buffer);
                }
                buffer.clear();
            }
            to.shutdownOutput();
        } catch (IOException e) {
            open.set(1); // one side broke: close both now
        }
        if (open.decrementAndGet() <= 0) {
            close(from);
            close(to);
        }
    }

    private static void close(SocketChannel channel) {
        try {
            channel.close();
        } catch (IOException e) {
            // already gone
        }
    }
}
