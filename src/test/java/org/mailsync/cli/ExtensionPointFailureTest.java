package org.mailsync.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.core.Appender;
import org.apache.logging.log4j.core.LoggerContext;
import org.apache.logging.log4j.core.appender.WriterAppender;
import org.apache.logging.log4j.core.layout.PatternLayout;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mailsync.msinfo.MsinfoRepository;

/**
 * A user's routes that throw on both extension points ({@code direct:mailsync-copied},
 * {@code direct:mailsync-deleted}) change nothing about a sync: against a twin home synced
 * without them, the exit code, stdout, every mail file and msinfo are identical, and stderr
 * only gains one warning line per extension point (however many messages went through it),
 * with no stack trace or Camel message history, neither from mailsync nor from Camel's log.
 */
class ExtensionPointFailureTest {

    /** Both extension points fail; each first notes that it ran, so the test can count calls. */
    private static final String FAILING_ROUTES = """
            - route:
                id: failing-on-copied
                from:
                  uri: direct:mailsync-copied
                  steps:
                    - setBody:
                        simple:
                          expression: "${header.CamelMailsyncIdentity}\\n"
                          trim: false
                    - to: "file:{{mailsync.home}}?fileName=copied-calls.txt&fileExist=Append"
                    - throwException:
                        exceptionType: java.io.IOException
                        message: "backup disk is full"
            - route:
                id: failing-on-deleted
                from:
                  uri: direct:mailsync-deleted
                  steps:
                    - setBody:
                        simple:
                          expression: "${body.side} ${body.actions.size}\\n"
                          trim: false
                    - to: "file:{{mailsync.home}}?fileName=deleted-calls.txt&fileExist=Append"
                    - throwException:
                        exceptionType: java.lang.IllegalStateException
                        message: "audit log is read-only"
            """;

    private static final Instant DELIVERED = Instant.parse("2020-03-02T10:00:00Z");

    @TempDir
    Path withFailingRoutes;

    @TempDir
    Path plain;

    private final StringWriter camelLog = new StringWriter();
    private Appender appender;

    /**
     * Camel's and mailsync's log lines go to the real stderr through log4j, not to the CLI's
     * error stream that {@link CliRun} captures: collect them too, with log4j2.xml freshly
     * applied (another test's {@code -d} may have raised a level in this JVM).
     */
    @BeforeEach
    void captureLog() {
        LoggerContext context = (LoggerContext) LogManager.getContext(false);
        context.reconfigure();
        appender = WriterAppender.newBuilder().setName("extension-point-capture").setTarget(camelLog)
                .setLayout(PatternLayout.newBuilder().withPattern("%level: %logger: %msg%n%throwable").build()).build();
        appender.start();
        context.getConfiguration().addAppender(appender);
        context.getRootLogger().addAppender(appender);
    }

    @AfterEach
    void stopCapture() {
        LoggerContext context = (LoggerContext) LogManager.getContext(false);
        context.getRootLogger().removeAppender(appender);
        appender.stop();
        context.reconfigure();
    }

    @Test
    void failingExtensionRoutesChangeNeitherResultNorStateNorOutput() throws Exception {
        Path routes = Files.createDirectories(withFailingRoutes.resolve("my-routes"));
        Files.writeString(routes.resolve("failing.camel.yaml"), FAILING_ROUTES);
        build(withFailingRoutes);
        build(plain);

        // First run: copies both ways in two folders.
        CliRun failing1 = CliRun.run(withFailingRoutes, "--routes", routes.toString(), "backup");
        CliRun plain1 = CliRun.run(plain, "backup");
        assertSameOutcome(failing1, plain1);
        assertThat(plain1.out()).contains("copied laptop->archive", "copied archive->laptop");
        assertThat(failing1.err()).isEqualTo(warning("copied", "backup disk is full"));
        assertThat(Files.readAllLines(withFailingRoutes.resolve("copied-calls.txt"))).hasSize(8);

        // Second run: three deletion batches (inbox on both sides, work on archive), and one more copy.
        for (Path home : List.of(withFailingRoutes, plain)) {
            deleteFromMaildir(home.resolve("Mail/inbox"), "a1");
            deleteFromMaildir(home.resolve("Mail/work"), "w1");
            rewriteMbox(home.resolve("Archive/inbox"), "a1", "a2", "a3", "b2"); // b1 deleted there
            deliver(home.resolve("Mail/inbox"), "a4");
        }
        CliRun failing2 = CliRun.run(withFailingRoutes, "--routes", routes.toString(), "backup");
        CliRun plain2 = CliRun.run(plain, "backup");
        assertSameOutcome(failing2, plain2);
        assertThat(plain2.out()).contains("deleted on laptop", "deleted on archive", "1 copied laptop->archive");
        assertThat(failing2.err()).isEqualTo(warning("copied", "backup disk is full") + warning("deleted", "audit log is read-only"));
        assertThat(Files.readAllLines(withFailingRoutes.resolve("copied-calls.txt"))).hasSize(9);
        assertThat(Files.readAllLines(withFailingRoutes.resolve("deleted-calls.txt"))).hasSize(3);

        // Neither the CLI nor Camel's own error handler printed details of the failures.
        String stderr = failing1.err() + failing2.err() + camelLog;
        assertThat(stderr).doesNotContain("\tat ", "Exception", "Message History", "Stacktrace", "failing-on-");
        assertThat(camelLog.toString()).isEmpty();
    }

    /** The same scenario must be able to fail: with {@code -d}, Camel's report is let through. */
    @Test
    void withDebugCamelsErrorReportIsShownSoTheCaptureAboveSeesIt() throws Exception {
        Path routes = Files.createDirectories(withFailingRoutes.resolve("my-routes"));
        Files.writeString(routes.resolve("failing.camel.yaml"), FAILING_ROUTES);
        build(withFailingRoutes);

        CliRun run = CliRun.run(withFailingRoutes, "-d", "--routes", routes.toString(), "backup");

        assertThat(run.exitCode()).as(run.toString()).isZero();
        assertThat(camelLog.toString()).contains("Message History", "failing-on-copied", "java.io.IOException: backup disk is full");
    }

    private static String warning(String point, String reason) {
        return "Warning: a route on direct:mailsync-" + point + " failed (" + reason
                + "); the sync goes on unchanged (said once per run)\n";
    }

    /** The run with failing routes and its twin without, each in its own home. */
    private void assertSameOutcome(CliRun withRoutes, CliRun without) throws Exception {
        Path a = withFailingRoutes;
        Path b = plain;
        // 1. the result
        assertThat(withRoutes.exitCode()).as(withRoutes.toString()).isZero().isEqualTo(without.exitCode());
        // 2. the state commit
        Map<String, List<String>> msinfo = msinfo(b);
        assertThat(msinfo).as("msinfo of the plain run").isNotEmpty().allSatisfy((box, ids) -> assertThat(ids).isNotEmpty());
        assertThat(msinfo(a)).isEqualTo(msinfo);
        Map<String, List<String>> mail = mail(b);
        assertThat(mail).as("mail files of the plain run").hasSizeGreaterThanOrEqualTo(4);
        assertThat(mail(a)).isEqualTo(mail);
        // 3. the output
        assertThat(withRoutes.out()).isEqualTo(without.out());
        assertThat(without.err()).isEmpty();
    }

    // ------------------------------------------------------------------ the two homes, built alike

    private static void build(Path home) throws IOException {
        Files.writeString(home.resolve(".mailsync"), """
                store laptop  { pat Mail/%     prefix Mail/ }
                store archive { pat Archive/%  prefix Archive/  format mbox }
                channel backup laptop archive { msinfo .msinfo }
                """);
        deliver(home.resolve("Mail/inbox"), "a1", "a2", "a3");
        deliver(home.resolve("Mail/work"), "w1", "w2");
        rewriteMbox(home.resolve("Archive/inbox"), "b1", "b2");
        rewriteMbox(home.resolve("Archive/work"), "x1");
    }

    /**
     * Maildir files named after the message (not a counter shared by both homes, which would
     * order the messages differently in each) and dated alike, as the date goes into the mbox.
     */
    private static void deliver(Path folder, String... ids) throws IOException {
        for (String sub : List.of("cur", "new", "tmp")) {
            Files.createDirectories(folder.resolve(sub));
        }
        for (String id : ids) {
            Path f = folder.resolve("cur").resolve("1583143200." + id + ".test:2,S");
            Files.writeString(f, MailTree.message(id, "subject " + id), StandardCharsets.ISO_8859_1);
            Files.setLastModifiedTime(f, FileTime.from(DELIVERED));
        }
    }

    private static void rewriteMbox(Path file, String... ids) throws IOException {
        MailTree.mbox(file, ids);
    }

    private static void deleteFromMaildir(Path folder, String id) throws IOException {
        for (String sub : List.of("cur", "new")) {
            try (Stream<Path> files = Files.list(folder.resolve(sub))) {
                for (Path f : (Iterable<Path>) files::iterator) {
                    if (Files.readString(f, StandardCharsets.ISO_8859_1).contains("Message-ID: <" + id + "@example.org>")) {
                        Files.delete(f);
                    }
                }
            }
        }
    }

    /**
     * Every mail file of a home by what identifies it apart from generated names: Maildir
     * files by folder, subdirectory and flags, mbox files by path; each with its bytes' digest.
     */
    private static Map<String, List<String>> mail(Path home) throws Exception {
        Map<String, List<String>> files = new TreeMap<>();
        for (String top : List.of("Mail", "Archive")) {
            try (Stream<Path> walk = Files.walk(home.resolve(top))) {
                for (Path f : (Iterable<Path>) walk::iterator) {
                    if (!Files.isRegularFile(f)) {
                        continue;
                    }
                    String rel = home.relativize(f).toString();
                    String parent = f.getParent().getFileName().toString();
                    String key = List.of("cur", "new", "tmp").contains(parent)
                            ? home.relativize(f.getParent()) + " " + (rel.contains(":2,") ? rel.substring(rel.indexOf(":2,")) : "")
                            : rel;
                    files.computeIfAbsent(key, k -> new ArrayList<>()).add(sha256(Files.readAllBytes(f)));
                }
            }
        }
        files.values().forEach(l -> l.sort(null));
        return files;
    }

    private static Map<String, List<String>> msinfo(Path home) throws Exception {
        Map<String, List<String>> boxes = new TreeMap<>();
        try (MsinfoRepository repo = MsinfoRepository.openReadOnly(home.resolve(".msinfo"))) {
            for (String box : repo.boxnames("backup")) {
                List<String> ids = new ArrayList<>(repo.load("backup", box));
                ids.sort(null);
                boxes.put(box, ids);
            }
        }
        return boxes;
    }

    private static String sha256(byte[] bytes) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    }
}
