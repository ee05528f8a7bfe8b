package io.etcdpanel.support.kube;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.RandomAccessFile;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.function.BiFunction;
import java.util.function.Function;

import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;

/**
 * The one kubelet endpoint the API server proxies that tests want: {@code GET /containerLogs/<ns>/<pod>/<container>}
 * (what {@code pods/log} reads), with tailLines, limitBytes, previous and follow. HTTPS with a self-signed certificate
 * made by the JDK's keytool (the API server does not check a kubelet's certificate unless told to), bound to the
 * bridge address only. Each container's log file (init containers' too) holds every run, each after a header line; a
 * request sees the current run. {@code GET /podAddress/<ns>/<pod>} answers a running pod's address, for the node's
 * {@link KubeletStreams}.
 */
final class ContainerLogServer implements AutoCloseable {

    static final String RUN_HEADER = "--- test node agent, ";
    private static final String PASSWORD = "test-node-agent";
    /** A follow ends at the latest after this, whatever the client does. */
    private static final Duration FOLLOW_LIMIT = Duration.ofMinutes(10);

    /** A container's log file and whether it runs now (a follow ends when it stops). */
    record ContainerLog(Path file, BooleanSupplier running) {
    }

    private final HttpsServer server;

    ContainerLogServer(String bindIp, Path dir, BiFunction<String, String, ContainerLog> logs, Function<String, String> podAddresses,
            ExecutorService executor) throws IOException {
        server = HttpsServer.create(new InetSocketAddress(bindIp, 0), 16);
        server.setHttpsConfigurator(new HttpsConfigurator(sslContext(bindIp, dir)));
        server.setExecutor(executor);
        server.createContext("/containerLogs/", exchange -> {
            try (exchange) {
                serve(exchange, logs);
            } catch (IOException e) {
                // the client went away
            }
        });
        server.createContext("/podAddress/", exchange -> {
            try (exchange) {
                String pod = exchange.getRequestURI().getRawPath().substring("/podAddress/".length());
                String address = podAddresses.apply(pod);
                reply(exchange, address == null ? 404 : 200, address == null ? "no running pod " + pod + " on this node" : address);
            }
        });
        server.createContext("/healthz", exchange -> {
            try (exchange) {
                reply(exchange, 200, "ok");
            }
        });
        server.start();
    }

    int port() {
        return server.getAddress().getPort();
    }

    @Override
    public void close() {
        server.stop(0);
    }

    private static void serve(HttpExchange exchange, BiFunction<String, String, ContainerLog> logs) throws IOException {
        List<String> path = Arrays.stream(exchange.getRequestURI().getRawPath().split("/")).filter(p -> !p.isEmpty()).toList();
        if (path.size() != 4) {
            reply(exchange, 404, "expected /containerLogs/<namespace>/<pod>/<container>");
            return;
        }
        ContainerLog log = logs.apply(path.get(1) + "/" + path.get(2), path.get(3));
        if (log == null || !Files.isRegularFile(log.file())) {
            reply(exchange, 404, "no log of container " + path.get(3) + " of pod " + path.get(1) + "/" + path.get(2) + " on this node");
            return;
        }
        Map<String, String> query = query(exchange.getRequestURI().getRawQuery());
        boolean previous = "true".equals(query.get("previous"));
        String whole = Files.readString(log.file(), StandardCharsets.UTF_8);
        String text = section(whole, previous, query.get("tailLines"));
        if (text == null) {
            reply(exchange, 400, "previous terminated container \"" + path.get(3) + "\" in pod \"" + path.get(2) + "\" not found");
            return;
        }
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        if (query.containsKey("limitBytes")) {
            bytes = Arrays.copyOf(bytes, (int) Math.min(bytes.length, Long.parseLong(query.get("limitBytes"))));
        }
        boolean follow = "true".equals(query.get("follow")) && !previous;
        exchange.getResponseHeaders().set("Content-Type", "text/plain; charset=utf-8");
        exchange.sendResponseHeaders(200, follow ? 0 : (bytes.length == 0 ? -1 : bytes.length));
        OutputStream body = exchange.getResponseBody();
        body.write(bytes);
        body.flush();
        if (follow) {
            follow(log, whole.getBytes(StandardCharsets.UTF_8).length, body);
        }
    }

    /** Streams what is appended until the container stops or runs again, or the client goes. */
    private static void follow(ContainerLog log, long offset, OutputStream body) throws IOException {
        try (RandomAccessFile file = new RandomAccessFile(log.file().toFile(), "r")) {
            long position = offset;
            Instant quietSince = null;
            Instant end = Instant.now().plus(FOLLOW_LIMIT);
            while (Instant.now().isBefore(end)) {
                long length = file.length();
                if (length > position) {
                    byte[] more = new byte[(int) Math.min(length - position, 64 * 1024)];
                    file.seek(position);
                    file.readFully(more);
                    String text = new String(more, StandardCharsets.UTF_8);
                    int header = text.indexOf(RUN_HEADER);
                    if (header >= 0) {
                        body.write(text.substring(0, header).getBytes(StandardCharsets.UTF_8));
                        body.flush();
                        return; // a new run: a kubelet's follow ends with the container it followed
                    }
                    body.write(more);
                    body.flush();
                    position += more.length;
                    quietSince = null;
                } else if (!log.running().getAsBoolean()) {
                    quietSince = quietSince == null ? Instant.now() : quietSince;
                    if (Duration.between(quietSince, Instant.now()).toMillis() > 500) {
                        return;
                    }
                }
                try {
                    TimeUnit.MILLISECONDS.sleep(200);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
        }
    }

    /**
     * The current run's output (or the one before it), its last {@code tailLines} lines when given; null when there is
     * no previous run.
     */
    static String section(String whole, boolean previous, String tailLines) {
        List<Integer> runs = new java.util.ArrayList<>();
        for (int at = whole.indexOf(RUN_HEADER); at >= 0; at = whole.indexOf(RUN_HEADER, at + 1)) {
            if (at == 0 || whole.charAt(at - 1) == '\n') {
                runs.add(at);
            }
        }
        if (previous && runs.size() < 2) {
            return null;
        }
        int from = 0;
        if (!runs.isEmpty()) {
            int header = runs.get(runs.size() - (previous ? 2 : 1));
            int lineEnd = whole.indexOf('\n', header);
            from = lineEnd < 0 ? whole.length() : lineEnd + 1;
        }
        String text = whole.substring(from, previous ? runs.get(runs.size() - 1) : whole.length());
        if (tailLines == null) {
            return text;
        }
        int wanted = Integer.parseInt(tailLines);
        boolean newlineAtEnd = text.endsWith("\n");
        List<String> lines = Arrays.asList((newlineAtEnd ? text.substring(0, text.length() - 1) : text).split("\n", -1));
        if (wanted <= 0 || text.isEmpty()) {
            return "";
        }
        return String.join("\n", lines.subList(Math.max(0, lines.size() - wanted), lines.size())) + (newlineAtEnd ? "\n" : "");
    }

    private static Map<String, String> query(String raw) {
        Map<String, String> values = new HashMap<>();
        if (raw != null) {
            for (String pair : raw.split("&")) {
                int eq = pair.indexOf('=');
                String key = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
                values.put(key, eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
            }
        }
        return values;
    }

    private static void reply(HttpExchange exchange, int status, String text) throws IOException {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "text/plain; charset=utf-8");
        exchange.sendResponseHeaders(status, bytes.length == 0 ? -1 : bytes.length);
        exchange.getResponseBody().write(bytes);
    }

    /** A PKCS#12 key store with a fresh self-signed key for the bridge address, made by the JDK's keytool. */
    private static SSLContext sslContext(String ip, Path dir) throws IOException {
        Path store = dir.resolve("kubelet-serving.p12");
        Files.createDirectories(dir);
        Files.deleteIfExists(store);
        String keytool = Path.of(System.getProperty("java.home"), "bin", "keytool").toString();
        HostCommands.run(keytool, "-genkeypair", "-alias", "kubelet", "-keyalg", "EC", "-groupname", "secp256r1",
                "-dname", "CN=test-node-agent", "-ext", "san=ip:" + ip, "-validity", "7", "-storetype", "PKCS12",
                "-keystore", store.toString(), "-storepass", PASSWORD, "-keypass", PASSWORD);
        try (InputStream in = Files.newInputStream(store)) {
            KeyStore keys = KeyStore.getInstance("PKCS12");
            keys.load(in, PASSWORD.toCharArray());
            KeyManagerFactory managers = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            managers.init(keys, PASSWORD.toCharArray());
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(managers.getKeyManagers(), null, null);
            return context;
        } catch (java.security.GeneralSecurityException e) {
            throw new IOException("the kubelet serving key store: " + e, e);
        }
    }
}
