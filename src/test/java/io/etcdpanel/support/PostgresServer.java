package io.etcdpanel.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.nio.file.attribute.UserPrincipalLookupService;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

/**
 * A real PostgreSQL server (Debian's package) for the tests: one per test JVM, started on first use on 127.0.0.1 and a
 * free port, in a temporary data dir, with fsync off. Running as root, it runs as the {@code postgres} user (initdb
 * refuses root). Each test class takes a fresh database of it. It is stopped and its dir removed when the JVM exits;
 * the leftovers of a JVM that was killed (dirs {@code etcdpanel-postgres-*} whose owner process is gone) are swept first.
 */
public final class PostgresServer {

    private static final String DIR_PREFIX = "etcdpanel-postgres-";
    private static final String USER = "etcdpanel";
    private static final String PASSWORD = "etcdpanel-test";
    private static final String SYSTEM_USER = "postgres";
    private static final Duration COMMAND_TIMEOUT = Duration.ofSeconds(60);
    private static PostgresServer shared;

    private final Path bin;
    private final Path dir;
    private final int port;
    private final AtomicInteger databases = new AtomicInteger();

    /** One database of the server, as the panel connects to it. */
    public record Database(String name, String url, String username, String password) {

        /** The datasource as a panel started in its own JVM takes it. */
        public List<String> asArguments() {
            return List.of("--spring.datasource.url=" + url, "--spring.datasource.username=" + username,
                    "--spring.datasource.password=" + password);
        }

        /** The same database, its connections named for {@code pg_stat_activity}, to tell several clients apart. */
        public Database named(String applicationName) {
            return new Database(name, url + "?ApplicationName=" + applicationName, username, password);
        }

        public Connection connect() throws SQLException {
            return DriverManager.getConnection(url, username, password);
        }
    }

    private PostgresServer(Path bin, Path dir, int port) {
        this.bin = bin;
        this.dir = dir;
        this.port = port;
    }

    /** The server of this JVM, started on first use. */
    public static synchronized PostgresServer shared() {
        if (shared == null) {
            OwnedDirs.sweepAbandoned(DIR_PREFIX, dir -> stopServer(binaries(), dir));
            shared = start();
            Runtime.getRuntime().addShutdownHook(new Thread(shared::stop, "postgres-stop"));
        }
        return shared;
    }

    /** A new empty database, named after the prefix. */
    public Database createDatabase(String prefix) {
        String name = (prefix + "_" + databases.incrementAndGet()).toLowerCase().replaceAll("[^a-z0-9_]", "_");
        try (Connection admin = DriverManager.getConnection(url("postgres"), USER, PASSWORD);
                Statement statement = admin.createStatement()) {
            statement.execute("create database " + name);
        } catch (SQLException e) {
            throw new IllegalStateException("could not create database " + name + " on PostgreSQL at port " + port, e);
        }
        return new Database(name, url(name), USER, PASSWORD);
    }

    private String url(String database) {
        return "jdbc:postgresql://127.0.0.1:" + port + "/" + database;
    }

    private static PostgresServer start() {
        Path bin = binaries();
        Path dir = OwnedDirs.create(DIR_PREFIX);
        Path data = dir.resolve("data");
        PostgresServer server = new PostgresServer(bin, dir, FreePorts.loopback());
        try {
            Path passwordFile = dir.resolve("password");
            Files.writeString(passwordFile, PASSWORD + "\n");
            giveToSystemUser(dir);
            giveToSystemUser(passwordFile);
            server.run(bin.resolve("initdb").toString(), "-D", data.toString(), "-U", USER, "--pwfile=" + passwordFile,
                    "--auth=scram-sha-256", "-E", "UTF8", "--locale=C", "--no-sync");
            // loopback only, no unix socket; speed over durability: the data lives as long as this JVM
            Files.writeString(data.resolve("postgresql.conf"), String.join("\n",
                    "", "listen_addresses = '127.0.0.1'", "port = " + server.port, "unix_socket_directories = ''",
                    "fsync = off", "synchronous_commit = off", "full_page_writes = off", "shared_buffers = 32MB",
                    "max_connections = 200", ""), java.nio.file.StandardOpenOption.APPEND);
            server.run(bin.resolve("pg_ctl").toString(), "-D", data.toString(), "-l", dir.resolve("postgres.log").toString(),
                    "-w", "-t", "60", "start");
            return server;
        } catch (IOException | RuntimeException e) {
            server.stop();
            throw new IllegalStateException("PostgreSQL did not start in " + dir + ": " + e.getMessage(), e);
        }
    }

    /** Stops the server at once (nothing in it needs to last) and removes its dir. */
    public void stop() {
        stopServer(bin, dir);
    }

    private static void stopServer(Path bin, Path dir) {
        Path data = dir.resolve("data");
        try {
            if (Files.exists(data.resolve("postmaster.pid"))) {
                new PostgresServer(bin, dir, 0).run(bin.resolve("pg_ctl").toString(), "-D", data.toString(), "-m", "immediate",
                        "-w", "stop");
            }
        } catch (RuntimeException e) {
            // already gone; the dir goes anyway
        } finally {
            OwnedDirs.deleteRecursively(dir);
        }
    }

    /** The newest installed PostgreSQL's programs, as Debian lays them out ({@code /usr/lib/postgresql/<major>/bin}). */
    private static Path binaries() {
        Path root = Path.of("/usr/lib/postgresql");
        try (Stream<Path> versions = Files.isDirectory(root) ? Files.list(root) : Stream.empty()) {
            Optional<Path> newest = versions.filter(version -> version.getFileName().toString().matches("\\d+"))
                    .filter(version -> Files.isExecutable(version.resolve("bin/initdb")))
                    .max(Comparator.comparingInt(version -> Integer.parseInt(version.getFileName().toString())));
            return newest.map(version -> version.resolve("bin")).orElseThrow(() -> new IllegalStateException(
                    "no PostgreSQL under " + root + ": install Debian's postgresql package (bin/provision --test)"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static boolean root() {
        return "root".equals(System.getProperty("user.name"));
    }

    private static void giveToSystemUser(Path path) throws IOException {
        if (root()) {
            UserPrincipalLookupService users = path.getFileSystem().getUserPrincipalLookupService();
            Files.setOwner(path, users.lookupPrincipalByName(SYSTEM_USER));
        }
        Files.setPosixFilePermissions(path, PosixFilePermissions.fromString(Files.isDirectory(path) ? "rwx------" : "rw-------"));
    }

    /** Runs one of PostgreSQL's programs, as the postgres user when this JVM is root, and fails with its output. */
    private void run(String... command) {
        List<String> line = new ArrayList<>();
        if (root()) {
            line.addAll(List.of("runuser", "-u", SYSTEM_USER, "--"));
        }
        line.addAll(List.of(command));
        try {
            Process process = new ProcessBuilder(line).directory(dir.toFile()).redirectErrorStream(true).start();
            process.getOutputStream().close();
            byte[] output = process.getInputStream().readAllBytes();
            if (!process.waitFor(COMMAND_TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new IllegalStateException(String.join(" ", line) + " did not end in " + COMMAND_TIMEOUT.toSeconds() + " s");
            }
            if (process.exitValue() != 0) {
                throw new IllegalStateException(String.join(" ", line) + " exited with " + process.exitValue() + ": "
                        + new String(output, StandardCharsets.UTF_8));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
