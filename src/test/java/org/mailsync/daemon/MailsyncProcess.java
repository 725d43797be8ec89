package org.mailsync.daemon;

import static org.assertj.core.api.Assertions.fail;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

/**
 * The real {@code mailsync} program in a JVM of its own, started as a user or a service manager
 * starts it: {@code java -cp <the test classpath> org.mailsync.cli.Mailsync ARGS} with
 * {@code HOME} set, standard output and error in files. {@link #close()} always ends it
 * (SIGTERM, then SIGKILL as a last resort); every wait is bounded and polls every 100 ms.
 */
final class MailsyncProcess implements AutoCloseable {

    private static final AtomicInteger COUNTER = new AtomicInteger();

    private final List<String> command;
    private final Process process;
    private final Path stdout;
    private final Path stderr;
    private volatile boolean terminated;

    private MailsyncProcess(List<String> command, Process process, Path stdout, Path stderr) {
        this.command = command;
        this.process = process;
        this.stdout = stdout;
        this.stderr = stderr;
    }

    /**
     * Starts {@code mailsync ARGS} with {@code HOME=home}.
     *
     * @param outputDir where its standard output and error go (not below home, whose files
     *                  tests compare)
     */
    static MailsyncProcess start(Path home, Path outputDir, String... args) throws IOException {
        return start("org.mailsync.cli.Mailsync", home, outputDir, args);
    }

    /** Starts another main class of the test classpath the same way. */
    static MailsyncProcess start(String mainClass, Path home, Path outputDir, String... args) throws IOException {
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                // the serial collector as the mailsync script uses; C1 only: a quicker start
                "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "-Xmx256m",
                "-cp", System.getProperty("java.class.path"),
                mainClass));
        command.addAll(List.of(args));
        Files.createDirectories(outputDir);
        int n = COUNTER.incrementAndGet();
        Path out = outputDir.resolve("mailsync-" + n + ".out");
        Path err = outputDir.resolve("mailsync-" + n + ".err");
        ProcessBuilder builder = new ProcessBuilder(command)
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))  // as under systemd
                .redirectOutput(out.toFile())
                .redirectError(err.toFile());
        builder.environment().put("HOME", home.toString());
        return new MailsyncProcess(command, builder.start(), out, err);
    }

    boolean isAlive() {
        return process.isAlive();
    }

    /** Sends SIGTERM (what {@link Process#destroy()} does on Linux), as systemd or Kubernetes does. */
    void terminate() {
        terminated = true;
        process.destroy();
    }

    /** Sends SIGKILL: the process dies at once, in the middle of whatever it does. */
    void kill() throws InterruptedException {
        terminated = true;
        process.destroyForcibly();
        process.waitFor(10, TimeUnit.SECONDS);
    }

    /** The process id. */
    long pid() {
        return process.pid();
    }

    /** Waits for the process to end by itself; fails the test if it has not within the limit. */
    int awaitExit(Duration limit) throws InterruptedException {
        if (!process.waitFor(limit.toMillis(), TimeUnit.MILLISECONDS)) {
            fail("mailsync did not exit within " + limit + "\n" + this);
        }
        return process.exitValue();
    }

    /**
     * Polls the condition every 100 ms until it holds; fails the test at the deadline, or at
     * once if the process has ended meanwhile (with its output, and the condition's last
     * exception if any).
     */
    void await(String what, Duration limit, Callable<Boolean> condition) throws InterruptedException {
        poll(what, limit, () -> {
            if (!process.isAlive()) {
                fail("mailsync ended (exit " + process.exitValue() + ") before: " + what + "\n" + this);
            }
            return condition.call();
        }, this::toString);
    }

    /**
     * Polls the condition every 100 ms until it holds; fails the test at the deadline, with the
     * condition's last exception and the context.
     */
    static void poll(String what, Duration limit, Callable<Boolean> condition, Supplier<String> context)
            throws InterruptedException {
        Instant deadline = Instant.now().plus(limit);
        Exception last = null;
        while (true) {
            try {
                if (Boolean.TRUE.equals(condition.call())) {
                    return;
                }
                last = null;
            } catch (Exception e) {
                last = e;
            }
            if (Instant.now().isAfter(deadline)) {
                fail("not within " + limit + ": " + what + (last == null ? "" : " (last: " + last + ")")
                        + "\n" + context.get(), last);
            }
            Thread.sleep(100);
        }
    }

    String stdout() {
        return read(stdout);
    }

    String stderr() {
        return read(stderr);
    }

    private static String read(Path file) {
        try {
            return Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "(cannot read " + file + ": " + e + ")";
        }
    }

    /**
     * Ends the process if it still runs: SIGTERM, then SIGKILL after 5 s, or at once if a test
     * has sent SIGTERM already.
     */
    @Override
    public void close() throws InterruptedException {
        if (process.isAlive() && !terminated) {
            process.destroy();
            process.waitFor(5, TimeUnit.SECONDS);
        }
        if (process.isAlive()) {
            process.destroyForcibly();
            process.waitFor(5, TimeUnit.SECONDS);
        }
    }

    @Override
    public String toString() {
        String state = process.isAlive() ? "running" : "exit " + process.exitValue();
        int main = command.indexOf("-cp") + 2;
        String name = command.get(main).equals("org.mailsync.cli.Mailsync") ? "mailsync" : command.get(main);
        return name + " " + String.join(" ", command.subList(main + 1, command.size()))
                + " (" + state + ")\n--- stdout ---\n" + stdout() + "--- stderr ---\n" + stderr();
    }
}
