package org.mailsync.karaf;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A private Apache Karaf for a test: unpacked from the distribution Maven fetched into a
 * directory of the test's, offline (pax-url-mvn never goes to the network), on free loopback
 * ports, started with {@code bin/start} and driven with {@code bin/client} as a user would, and
 * stopped with {@code bin/stop}, killed by its pid if it does not exit. Anything that does not
 * work fails the test with the end of {@code data/log/karaf.log}.
 */
final class KarafInstance implements AutoCloseable {

    private static final String USER = "karaf";
    private static final Duration STOP = Duration.ofSeconds(30);

    private final Path home;
    private final int sshPort;

    private KarafInstance(Path home, int sshPort) {
        this.home = home;
        this.sshPort = sshPort;
    }

    /**
     * Unpacks the distribution named by system property {@code karaf.distribution} (set by
     * surefire) into {@code dir} and configures it.
     */
    static KarafInstance unpack(Path dir) throws Exception {
        String property = System.getProperty("karaf.distribution");
        if (property == null) {
            throw new AssertionError("system property karaf.distribution is not set: run the test with Maven (mvn test)");
        }
        Path distribution = Path.of(property);
        if (!Files.isRegularFile(distribution)) {
            throw new AssertionError("no Karaf distribution at " + distribution
                    + ": Maven fetches it as the test dependency org.apache.karaf:apache-karaf:tar.gz");
        }
        run(List.of("tar", "xzf", distribution.toString(), "-C", dir.toString()), dir, Duration.ofSeconds(60));
        Path home;
        try (var entries = Files.list(dir)) {
            home = entries.filter(p -> p.getFileName().toString().startsWith("apache-karaf-")).findFirst()
                    .orElseThrow(() -> new AssertionError("no apache-karaf-* directory in " + distribution));
        }
        int ssh = freePort();
        KarafInstance karaf = new KarafInstance(home, ssh);
        karaf.configure(ssh, freePort(), freePort());
        return karaf;
    }

    private void configure(int ssh, int rmiRegistry, int rmiServer) throws IOException {
        edit("etc/org.apache.karaf.shell.cfg", Map.of("sshPort", String.valueOf(ssh), "sshHost", "127.0.0.1"));
        // an EC host key: generating the default RSA one takes seconds on a busy machine
        Files.writeString(etc("org.apache.karaf.shell.cfg"), "\nalgorithm = EC\nkeySize = 256\n",
                StandardCharsets.UTF_8, java.nio.file.StandardOpenOption.APPEND);
        edit("etc/org.apache.karaf.management.cfg", Map.of("rmiRegistryPort", String.valueOf(rmiRegistry),
                "rmiServerPort", String.valueOf(rmiServer), "rmiRegistryHost", "127.0.0.1", "rmiServerHost", "127.0.0.1"));
        Files.writeString(etc("org.ops4j.pax.url.mvn.cfg"), "\norg.ops4j.pax.url.mvn.offline = true\n",
                StandardCharsets.UTF_8, java.nio.file.StandardOpenOption.APPEND);
        // the shipped users.properties has its only user commented out
        Files.writeString(etc("users.properties"), USER + " = " + USER + ",_g_:admingroup\n"
                + "_g_\\:admingroup = group,admin,manager,viewer,systembundles,ssh\n");
    }

    /** Sets keys of an etc file of the {@code key = value} kind, each of which must be there. */
    private void edit(String file, Map<String, String> values) throws IOException {
        Path path = home.resolve(file);
        String text = Files.readString(path);
        for (Map.Entry<String, String> e : values.entrySet()) {
            Matcher m = Pattern.compile("(?m)^" + Pattern.quote(e.getKey()) + "\\s*=.*$").matcher(text);
            if (!m.find()) {
                throw new AssertionError("no key " + e.getKey() + " in " + path);
            }
            text = m.replaceAll(Matcher.quoteReplacement(e.getKey() + " = " + e.getValue()));
        }
        Files.writeString(path, text);
    }

    /** A file of the instance's etc/. */
    Path etc(String name) {
        return home.resolve("etc").resolve(name);
    }

    /** Starts Karaf in the background ({@code bin/start}) with the test's Java. */
    void start() throws Exception {
        run(List.of(home.resolve("bin/start").toString()), home, Duration.ofSeconds(30));
    }

    /**
     * Runs shell commands through {@code bin/client} (SSH) in batch mode, their lines on its
     * standard input, retrying the connection while Karaf starts; returns what they printed.
     */
    String client(String... commands) throws Exception {
        Path file = Files.createTempFile(home, "commands", ".txt");
        Files.write(file, List.of(commands));
        return run(List.of(home.resolve("bin/client").toString(), "-h", "127.0.0.1", "-a", String.valueOf(sshPort),
                "-u", USER, "-p", USER, "-r", "60", "-d", "1", "-b"), home, Duration.ofSeconds(120), file);
    }

    /** Waits, polling, until the condition holds; fails with the end of the Karaf log if it never does. */
    void await(String what, Duration timeout, BooleanSupplier condition) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("not within " + timeout.toSeconds() + " s: " + what + "\n" + logTail());
            }
            Thread.sleep(250);
        }
    }

    /** All of {@code data/log/karaf.log}. */
    String log() throws IOException {
        return Files.readString(home.resolve("data/log/karaf.log"), StandardCharsets.UTF_8);
    }

    /** The last lines of {@code data/log/karaf.log}. */
    String logTail() {
        Path log = home.resolve("data/log/karaf.log");
        try {
            List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
            return "--- end of " + log + ":\n" + String.join("\n", lines.subList(Math.max(0, lines.size() - 60), lines.size()));
        } catch (IOException e) {
            return "(no " + log + ": " + e.getMessage() + ")";
        }
    }

    /** The Karaf process, while its pid file names one that runs. */
    Optional<ProcessHandle> process() {
        try {
            String pid = Files.readString(home.resolve("karaf.pid")).trim();
            return ProcessHandle.of(Long.parseLong(pid)).filter(ProcessHandle::isAlive);
        } catch (IOException | NumberFormatException e) {
            return Optional.empty();
        }
    }

    /**
     * Stops Karaf with {@code bin/stop} and waits for its process to end; kills it by its pid if
     * it is still there after that.
     *
     * @return whether it stopped by itself
     */
    boolean stop() throws Exception {
        Optional<ProcessHandle> process = process();
        if (process.isEmpty()) {
            return true;
        }
        try {
            run(List.of(home.resolve("bin/stop").toString()), home, STOP);
            process.get().onExit().get(STOP.toSeconds(), TimeUnit.SECONDS);
            return true;
        } catch (Exception | AssertionError e) {
            process.get().destroyForcibly();
            process.get().onExit().get(STOP.toSeconds(), TimeUnit.SECONDS);
            return false;
        }
    }

    @Override
    public void close() throws Exception {
        stop();
    }

    /** Runs a command of the distribution with the test's Java; fails when it fails. */
    private static String run(List<String> command, Path dir, Duration timeout) throws Exception {
        return run(command, dir, timeout, null);
    }

    /** Runs a command of the distribution with the test's Java and a file as its input, or none. */
    private static String run(List<String> command, Path dir, Duration timeout, Path input) throws Exception {
        ProcessBuilder builder = new ProcessBuilder(new ArrayList<>(command)).directory(dir.toFile()).redirectErrorStream(true);
        Map<String, String> env = builder.environment();
        env.put("JAVA_HOME", System.getProperty("java.home"));
        for (String inherited : List.of("KARAF_HOME", "KARAF_BASE", "KARAF_DATA", "KARAF_ETC", "KARAF_OPTS", "EXTRA_JAVA_OPTS")) {
            env.remove(inherited);
        }
        Path output = Files.createTempFile("karaf-command", ".out");
        try {
            if (input != null) {
                builder.redirectInput(input.toFile());
            }
            Process process = builder.redirectOutput(output.toFile()).start();
            if (input == null) {
                process.getOutputStream().close();
            }
            if (!process.waitFor(timeout.toSeconds(), TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new AssertionError(command + " did not end within " + timeout.toSeconds() + " s:\n" + Files.readString(output));
            }
            String text = Files.readString(output);
            if (process.exitValue() != 0) {
                throw new AssertionError(command + " exited " + process.exitValue() + ":\n" + text);
            }
            return text;
        } finally {
            Files.deleteIfExists(output);
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }
}
