package org.mailsync.msinfo.pg;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

/**
 * A private PostgreSQL 15 for the state tests: Debian's {@code initdb} and {@code pg_ctl} with a
 * data directory of its own in a new temporary directory, listening on a free loopback port
 * only (and a socket in that directory), trust authentication, stopped by {@code pg_ctl stop}
 * and then by its pid. The system's clusters and service are never touched.
 *
 * <p>The tests run as root here and in CI, and {@code initdb} refuses root: then the server's
 * commands run as the package's {@code postgres} user ({@code runuser -u postgres --}), which
 * owns the directory. As another user, that user runs them.
 *
 * <p>There is no skip: without the binaries the test fails, saying what to install, so that a
 * run without PostgreSQL cannot pass by testing nothing ({@code .ci/run} installs it).
 */
public final class PostgresServer implements AutoCloseable {

    private static final String SUPERUSER = "postgres";

    private final Path root;
    private final Path data;
    private final Path bin;
    private final int port;
    private final long pid;
    private final AtomicInteger databases = new AtomicInteger();
    private final java.util.concurrent.atomic.AtomicBoolean closed = new java.util.concurrent.atomic.AtomicBoolean();

    private PostgresServer(Path root, Path data, Path bin, int port, long pid) {
        this.root = root;
        this.data = data;
        this.bin = bin;
        this.port = port;
        this.pid = pid;
    }

    /** The directory of the newest installed server's binaries; fails the test when there is none. */
    static Path binaries() {
        Path base = Path.of("/usr/lib/postgresql");
        try (Stream<Path> versions = Files.isDirectory(base) ? Files.list(base) : Stream.empty()) {
            return versions.map(v -> v.resolve("bin"))
                    .filter(b -> Files.isExecutable(b.resolve("initdb")) && Files.isExecutable(b.resolve("pg_ctl")))
                    .max(Comparator.comparing(b -> Integer.parseInt(b.getParent().getFileName().toString().replaceAll("\\D", "0"))))
                    .orElseThrow(() -> new AssertionError("PostgreSQL is not installed (no " + base
                            + "/*/bin/initdb): apt-get install -y postgresql. The state tests never skip."));
        } catch (IOException e) {
            throw new AssertionError("cannot look for PostgreSQL in " + base + ": " + e, e);
        }
    }

    /** Starts a server in a new temporary directory. */
    public static PostgresServer start() throws Exception {
        Path bin = binaries();
        Path root = Files.createTempDirectory("mailsync-pg-", PosixFilePermissions.asFileAttribute(
                PosixFilePermissions.fromString("rwx------")));
        Path data = root.resolve("data");
        Path log = root.resolve("server.log");
        if (asRoot()) {
            run(List.of("chown", SUPERUSER + ":", root.toString()), root.resolve("chown.log"));
        }
        int port = freePort();
        run(asServerUser(bin.resolve("initdb").toString(), "-D", data.toString(), "-U", SUPERUSER, "-A", "trust",
                "-E", "UTF8", "--locale=C"), root.resolve("initdb.log"));
        // the superuser without a password (the tests' own connections); any other role with its
        // password, so that a test can prove a password reaches the server (statepasscmd)
        Files.writeString(data.resolve("pg_hba.conf"), "local all all trust\n"
                + "host all " + SUPERUSER + " 127.0.0.1/32 trust\n"
                + "host all all 127.0.0.1/32 scram-sha-256\n");
        run(asServerUser(bin.resolve("pg_ctl").toString(), "-D", data.toString(), "-l", log.toString(), "-w", "-t", "60",
                "-o", "-p " + port + " -k " + root + " -c listen_addresses=127.0.0.1 -c fsync=off -c max_connections=50",
                "start"), root.resolve("pg_ctl.log"));
        String pidLine = Files.readAllLines(data.resolve("postmaster.pid"), StandardCharsets.US_ASCII).get(0).trim();
        PostgresServer server = new PostgresServer(root, data, bin, port, Long.parseLong(pidLine));
        // a backstop for a test JVM that ends without JUnit closing its resources: no server outlives it
        Runtime.getRuntime().addShutdownHook(new Thread(server::close, "stop PostgreSQL " + port));
        return server;
    }

    /** The loopback port it listens on. */
    public int port() {
        return port;
    }

    /** The postmaster's pid. */
    public long pid() {
        return pid;
    }

    /** A JDBC URL of the server's {@code postgres} database, as the superuser (trust: no password). */
    public String adminUrl() {
        return url("postgres");
    }

    /** A JDBC URL of a database of the server, as the superuser. */
    public String url(String database) {
        return "jdbc:postgresql://127.0.0.1:" + port + "/" + database + "?user=" + SUPERUSER;
    }

    /** Creates a new, empty database and returns its JDBC URL: each test class or test its own. */
    public String newDatabase() throws Exception {
        String name = "mailsync_" + databases.incrementAndGet();
        try (Connection c = DriverManager.getConnection(adminUrl()); Statement st = c.createStatement()) {
            st.execute("CREATE DATABASE " + name);
        }
        return url(name);
    }

    /**
     * Creates a role that logs in with a password over TCP (scram-sha-256), and a new database it
     * owns (so that it may create the state's tables); returns the database's URL for that role,
     * without the password.
     */
    public String newDatabaseOfRole(String role, String password) throws Exception {
        String name = "mailsync_" + databases.incrementAndGet();
        try (Connection c = DriverManager.getConnection(adminUrl()); Statement st = c.createStatement()) {
            st.execute("CREATE ROLE " + role + " LOGIN PASSWORD '" + password.replace("'", "''") + "'");
            st.execute("CREATE DATABASE " + name + " OWNER " + role);
        }
        return "jdbc:postgresql://127.0.0.1:" + port + "/" + name + "?user=" + role;
    }

    /** The server's log, for failure messages. */
    public String logs() {
        try {
            return Files.readString(root.resolve("server.log"));
        } catch (IOException e) {
            return "(no log: " + e + ")";
        }
    }

    /** Stops the server (fast shutdown, then its pid by force) and removes its directory; once. */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        try {
            run(asServerUser(bin.resolve("pg_ctl").toString(), "-D", data.toString(), "-m", "fast", "-w", "-t", "30", "stop"),
                    root.resolve("stop.log"));
        } catch (Exception e) {
            // the pid below
        }
        ProcessHandle.of(pid).ifPresent(p -> {
            p.destroyForcibly();
            p.onExit().orTimeout(10, TimeUnit.SECONDS).exceptionally(t -> null).join();
        });
        try (Stream<Path> files = Files.walk(root)) {
            files.sorted(Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
        } catch (IOException e) {
            // a temporary directory left behind
        }
    }

    private static boolean asRoot() {
        return "root".equals(System.getProperty("user.name"));
    }

    private static List<String> asServerUser(String... command) {
        List<String> full = new ArrayList<>();
        if (asRoot()) {
            full.addAll(List.of("runuser", "-u", SUPERUSER, "--"));
        }
        full.addAll(List.of(command));
        return full;
    }

    /** Runs a command to its end; its output goes to {@code log}, and into the failure's message. */
    private static void run(List<String> command, Path log) throws Exception {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        if (!p.waitFor(120, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new IllegalStateException(String.join(" ", command) + " did not finish in 120 s");
        }
        if (p.exitValue() != 0) {
            throw new IllegalStateException(String.join(" ", command) + " failed with status " + p.exitValue() + ":\n"
                    + Files.readString(log));
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }
}
