package org.mailsync.compat;

import static org.assertj.core.api.Assertions.fail;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import org.junit.jupiter.api.Assumptions;

/**
 * Runs the original mailsync 5.2.7 ({@code /usr/bin/mailsync}) for differential tests.
 *
 * <p>c-client resolves relative paths against the passwd home directory, not {@code $HOME}, so
 * scenarios live in a fresh directory below the running user's passwd home. As root the original
 * runs as the unprivileged user {@value #USER} (created if missing), because root's c-client
 * home is not the test's; the scenario tree is handed to that user before each run.
 */
public final class OriginalMailsync {

    /** The original's binary. */
    public static final Path BINARY = Path.of("/usr/bin/mailsync");
    /** Who runs the original when the tests run as root. */
    public static final String USER = "mstest";

    private final Path home;
    private final boolean asRoot;

    /** What one run of the original printed and returned. */
    public record Result(int exitCode, String out, String err) {
        @Override
        public String toString() {
            return "exit " + exitCode + "\n--- out ---\n" + out + "--- err ---\n" + err;
        }
    }

    private OriginalMailsync(Path home, boolean asRoot) {
        this.home = home;
        this.asRoot = asRoot;
    }

    /**
     * The original, ready to run; skips the calling test (with the reason) when it is not
     * installed, unless {@code MAILSYNC_REQUIRE_ORIGINAL=1} makes that a failure.
     */
    public static OriginalMailsync require() throws Exception {
        if (!Files.isExecutable(BINARY)) {
            String reason = BINARY + " is not installed (apt-get install -y mailsync); differential test skipped";
            if ("1".equals(System.getenv("MAILSYNC_REQUIRE_ORIGINAL"))) {
                fail(reason + ", but MAILSYNC_REQUIRE_ORIGINAL=1");
            }
            Assumptions.abort(reason);
        }
        boolean root = "root".equals(System.getProperty("user.name"));
        if (!root) {
            return new OriginalMailsync(Path.of(System.getProperty("user.home")), false);
        }
        if (exec(List.of("id", USER)).exitCode() != 0) {
            Result added = exec(List.of("useradd", "-m", USER));
            if (added.exitCode() != 0) {
                fail("cannot create user " + USER + " to run the original as: " + added);
            }
        }
        String passwd = exec(List.of("getent", "passwd", USER)).out().trim();
        Path home = Path.of(passwd.split(":")[5]);
        Files.createDirectories(home);
        exec(List.of("chown", USER + ":", home.toString()));
        return new OriginalMailsync(home, true);
    }

    /** The home directory the original resolves relative config paths against. */
    public Path home() {
        return home;
    }

    /** A fresh, empty directory below {@link #home()}; remove it with {@link #delete(Path)}. */
    public Path newScenarioDir() throws IOException {
        Path dir = home.resolve("ms-compat-" + UUID.randomUUID().toString().substring(0, 8));
        Files.createDirectories(dir);
        return dir;
    }

    /** Runs the original with these arguments, in {@link #home()}, handing {@code tree} to its user first. */
    public Result run(Path tree, String... args) throws Exception {
        List<String> command = new ArrayList<>();
        if (asRoot) {
            exec(List.of("chown", "-R", USER + ":", tree.toString()));
            StringBuilder line = new StringBuilder("cd && exec " + BINARY);
            for (String arg : args) {
                line.append(" '").append(arg.replace("'", "'\\''")).append('\'');
            }
            command.addAll(List.of("su", USER, "-s", "/bin/sh", "-c", line.toString()));
        } else {
            command.add(BINARY.toString());
            command.addAll(List.of(args));
        }
        ProcessBuilder pb = new ProcessBuilder(command).directory(home.toFile());
        return exec(pb);
    }

    /** Removes a scenario directory. */
    public static void delete(Path dir) throws IOException {
        if (dir == null || !Files.exists(dir)) {
            return;
        }
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path p : (Iterable<Path>) files.sorted(Comparator.reverseOrder())::iterator) {
                Files.deleteIfExists(p);
            }
        }
    }

    private static Result exec(List<String> command) throws Exception {
        return exec(new ProcessBuilder(command));
    }

    private static Result exec(ProcessBuilder pb) throws Exception {
        Path out = Files.createTempFile("ms-out", ".txt");
        Path err = Files.createTempFile("ms-err", ".txt");
        try {
            Process p = pb.redirectOutput(out.toFile()).redirectError(err.toFile()).redirectInput(ProcessBuilder.Redirect.PIPE).start();
            p.getOutputStream().close(); // the original must never wait for a password on stdin
            if (!p.waitFor(120, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                fail("timed out: " + pb.command());
            }
            return new Result(p.exitValue(), Files.readString(out, StandardCharsets.ISO_8859_1),
                    Files.readString(err, StandardCharsets.ISO_8859_1));
        } finally {
            Files.deleteIfExists(out);
            Files.deleteIfExists(err);
        }
    }
}
