package org.mailsync.store.imap;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.UserPrincipalLookupService;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.util.Base64;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Assumptions;

/**
 * A private Dovecot for integration tests: {@code /usr/sbin/dovecot -F -c <own config>} on a
 * free loopback port, users in a passwd-file, Maildir storage below the build directory, a
 * fresh self-signed certificate for STARTTLS, and stopped by its pid. The system's Dovecot
 * configuration and service are never touched.
 *
 * <p>A test class gets one through {@link DovecotExtension}; a test that needs a server of its
 * own for a while (to stop it, or with another configuration) starts one with {@link #start}
 * in a try-with-resources. Each test takes a user of its own ({@link #newUser()}), an empty
 * mailbox, so that tests sharing a server never see each other's mail.
 *
 * <p>When Dovecot is not installed the calling test is skipped with a visible reason, unless
 * the environment has {@code MAILSYNC_REQUIRE_DOVECOT=1}: then it fails, so that a CI job
 * meant to run against Dovecot cannot pass by skipping.
 *
 * <p>Running as root: Dovecot refuses uid 0 for mail processes ("userdb returned 0 as uid"), so
 * mail is owned by {@code nobody}, and the package's {@code dovecot}/{@code dovenull} users run
 * the internal and login processes. As another user, that user does everything.
 */
public final class DovecotServer implements AutoCloseable {

    static final Path BINARY = Path.of("/usr/sbin/dovecot");
    private static final String PASSWORD = "secret";
    /** Enough for every class that shares the one server of the JVM ({@link DovecotExtension#shared()}). */
    private static final int MAX_USERS = 1000;

    private final Path root;
    private final int port;
    private final Path confFile;
    private Process process;
    private int users;

    private DovecotServer(Path root, int port, Path confFile) {
        this.root = root;
        this.port = port;
        this.confFile = confFile;
    }

    /** Skips (or, with MAILSYNC_REQUIRE_DOVECOT=1, fails) the test when Dovecot is missing. */
    public static void assumeInstalled() {
        if (Files.isExecutable(BINARY)) {
            return;
        }
        String reason = BINARY + " is not installed (apt-get install dovecot-imapd)";
        if ("1".equals(System.getenv("MAILSYNC_REQUIRE_DOVECOT"))) {
            throw new AssertionError(reason + ", and MAILSYNC_REQUIRE_DOVECOT=1 requires it");
        }
        System.err.println("SKIPPED Dovecot integration tests: " + reason);
        Assumptions.abort(reason);
    }

    /** Starts a server in a new directory below the build directory. */
    public static DovecotServer start() throws Exception {
        return start("");
    }

    /** Starts a server with extra configuration lines (e.g. a reduced {@code imap_capability}). */
    public static DovecotServer start(String extraConfig) throws Exception {
        assumeInstalled();
        Path build = buildDirectory();
        Path root = Files.createTempDirectory(build, "dovecot-");
        // createTempDirectory makes it 0700; the mail user must be able to reach mail/.
        Files.setPosixFilePermissions(root, java.nio.file.attribute.PosixFilePermissions.fromString("rwxr-xr-x"));
        Path mail = Files.createDirectories(root.resolve("mail"));
        Path run = Files.createDirectories(root.resolve("run"));
        Path passwd = root.resolve("passwd");
        // All users up front: Dovecot notices a changed passwd-file by its mtime, in whole
        // seconds, so users added while it runs may stay unknown for a second.
        StringBuilder users = new StringBuilder();
        for (int i = 1; i <= MAX_USERS; i++) {
            users.append("user").append(i).append(":{PLAIN}").append(PASSWORD).append("::::::\n");
        }
        Files.writeString(passwd, users);
        writeCertificate(root);

        boolean isRoot = "root".equals(System.getProperty("user.name"));
        String mailUser = isRoot ? "nobody" : System.getProperty("user.name");
        String mailGroup = isRoot ? "nogroup" : null;
        if (isRoot) {
            UserPrincipalLookupService lookup = mail.getFileSystem().getUserPrincipalLookupService();
            PosixFileAttributeView view = Files.getFileAttributeView(mail, PosixFileAttributeView.class);
            view.setOwner(lookup.lookupPrincipalByName(mailUser));
            view.setGroup(lookup.lookupPrincipalByGroupName(mailGroup));
        }
        int port = freePort();
        String internalUser = isRoot ? "dovecot" : mailUser;
        String loginUser = isRoot ? "dovenull" : mailUser;
        String conf = String.join("\n",
                "base_dir = " + run,
                "state_dir = " + run.resolve("state"),
                "log_path = " + root.resolve("dovecot.log"),
                "protocols = imap",
                "listen = 127.0.0.1",
                "ssl = yes",
                "ssl_cert = <" + root.resolve("cert.pem"),
                "ssl_key = <" + root.resolve("key.pem"),
                // plain LOGIN over the loopback lets tests cover /notls too
                "disable_plaintext_auth = no",
                "auth_mechanisms = plain login",
                "default_internal_user = " + internalUser,
                "default_login_user = " + loginUser,
                "mail_location = maildir:" + mail + "/%u",
                "passdb {", "  driver = passwd-file", "  args = scheme=PLAIN username_format=%u " + passwd, "}",
                "userdb {", "  driver = static",
                "  args = uid=" + mailUser + (mailGroup == null ? "" : " gid=" + mailGroup) + " home=" + mail + "/%u", "}",
                "service imap-login {",
                "  inet_listener imap {", "    address = 127.0.0.1", "    port = " + port, "  }",
                "  inet_listener imaps {", "    port = 0", "  }",
                "}",
                extraConfig,
                "");
        Path confFile = root.resolve("dovecot.conf");
        Files.writeString(confFile, conf);
        DovecotServer server = new DovecotServer(root, port, confFile);
        server.launch();
        return server;
    }

    private void launch() throws Exception {
        process = new ProcessBuilder(BINARY.toString(), "-F", "-c", confFile.toString())
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(root.resolve("stdout.log").toFile())).start();
        awaitGreeting();
    }

    /** Stops the server but keeps its mail and configuration, so that {@link #restart()} brings the same one back. */
    public void stop() {
        // Dovecot's imap processes can outlive their master for a while: take them down too, so
        // that "stopped" means every client connection is gone (captured first: once the
        // master is gone they are no longer its descendants).
        List<ProcessHandle> children = process.descendants().toList();
        process.destroy();
        children.forEach(ProcessHandle::destroyForcibly);
        try {
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                process.waitFor(5, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Starts a {@link #stop() stopped} server again on the same port with the same mail. */
    public void restart() throws Exception {
        launch();
    }

    /** target-x/ of this build: the parent of the test classes directory. */
    private static Path buildDirectory() throws URISyntaxException {
        return Path.of(DovecotServer.class.getProtectionDomain().getCodeSource().getLocation().toURI()).getParent();
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    /** A self-signed certificate for 127.0.0.1/localhost made by keytool, written as PEM for Dovecot. */
    private static void writeCertificate(Path root) throws Exception {
        Path p12 = root.resolve("server.p12");
        String keytool = Path.of(System.getProperty("java.home"), "bin", "keytool").toString();
        Process k = new ProcessBuilder(keytool, "-genkeypair", "-alias", "imap", "-keyalg", "RSA", "-keysize", "2048",
                "-validity", "2", "-dname", "CN=localhost", "-ext", "SAN=ip:127.0.0.1,dns:localhost",
                "-storetype", "PKCS12", "-keystore", p12.toString(), "-storepass", "changeit", "-keypass", "changeit")
                .redirectErrorStream(true).start();
        String out = new String(k.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (k.waitFor() != 0) {
            throw new IllegalStateException("keytool failed: " + out);
        }
        KeyStore ks = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(p12)) {
            ks.load(in, "changeit".toCharArray());
        }
        Certificate cert = ks.getCertificate("imap");
        byte[] key = ks.getKey("imap", "changeit".toCharArray()).getEncoded(); // PKCS#8
        Files.writeString(root.resolve("cert.pem"), pem("CERTIFICATE", cert.getEncoded()));
        Path keyFile = root.resolve("key.pem");
        Files.writeString(keyFile, pem("PRIVATE KEY", key));
    }

    private static String pem(String type, byte[] der) {
        return "-----BEGIN " + type + "-----\n" + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(der)
                + "\n-----END " + type + "-----\n";
    }

    private void awaitGreeting() throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        Exception last = null;
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("dovecot exited with " + process.exitValue() + ": " + logs());
            }
            try (Socket s = new Socket()) {
                s.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 1000);
                s.setSoTimeout(5000);
                byte[] buf = new byte[512];
                int n = s.getInputStream().read(buf);
                if (n > 0 && new String(buf, 0, n, StandardCharsets.US_ASCII).startsWith("* OK")) {
                    return;
                }
            } catch (IOException e) {
                last = e;
            }
            Thread.sleep(100);
        }
        close();
        throw new IllegalStateException("dovecot did not greet on port " + port + " (" + last + "): " + logs());
    }

    /** A user nobody has used yet: an empty mailbox. */
    public synchronized String newUser() {
        if (users == MAX_USERS) {
            throw new IllegalStateException("all " + MAX_USERS + " test users are used");
        }
        return "user" + (++users);
    }

    public String password() {
        return PASSWORD;
    }

    public int port() {
        return port;
    }

    /** The configuration file the server runs with, which names it among the processes. */
    public Path configFile() {
        return confFile;
    }

    /**
     * A store on a user's account, not yet connected.
     *
     * @param flags the server spec's flags after the user, such as {@code /notls} or {@code /tls/novalidate-cert}
     * @param name  the store's name in its messages
     */
    public ImapStore store(String user, String flags, String name) {
        return new ImapStore(ImapServerSpec.parse("{127.0.0.1:" + port + "/user=" + user + flags + "}"), PASSWORD.toCharArray(), name);
    }

    /** Another client, connected to a user's account. */
    OtherImapClient otherClient(String user) throws Exception {
        return new OtherImapClient(port, user, PASSWORD);
    }

    /** The usual {@code ~/.mailsync} of an end-to-end test with a user of this server, to adjust and write. */
    public DovecotChannelConfig channelConfig(String user) {
        return new DovecotChannelConfig(this, user);
    }

    /** The Maildir of a user (created by Dovecot on first login). */
    public Path maildir(String user) {
        return root.resolve("mail").resolve(user);
    }

    public String logs() {
        StringBuilder b = new StringBuilder();
        for (Path f : List.of(root.resolve("stdout.log"), root.resolve("dovecot.log"))) {
            try {
                if (Files.exists(f)) {
                    b.append(Files.readString(f, StandardCharsets.ISO_8859_1));
                }
            } catch (IOException e) {
                b.append(e);
            }
        }
        return b.toString();
    }

    /** Stops the master by its pid (SIGTERM, then SIGKILL after 10 s); its children follow it. */
    @Override
    public void close() {
        stop();
        if (System.getenv("MAILSYNC_KEEP_DOVECOT") == null) { // set it to keep logs and mail for a look
            try (Stream<Path> files = Files.walk(root)) {
                files.sorted(Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
            } catch (IOException e) {
                // only the build directory is left untidy
            }
        }
    }
}
