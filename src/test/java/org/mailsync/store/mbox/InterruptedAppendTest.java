package org.mailsync.store.mbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mailsync.store.FolderInfo;
import org.mailsync.store.MessageMeta;
import org.mailsync.store.StoreException;
import org.mailsync.store.local.LocalStore;
import org.mailsync.store.local.VisibleLogLines;

/**
 * A copy into an mbox file cut short by a kill -9: the writer, a second JVM appending a big
 * message that arrives slowly ({@link SlowAppender}), is killed half-way, leaving the start of
 * the message at the end of the file, its header (and Message-ID) complete. The next access
 * must take that back before anyone reads it as mail — else a sync counts the message as
 * copied and the truncated copy stays for good — while mail that another program added after
 * it survives, and a copy still going on is waited for, not taken back.
 */
class InterruptedAppendTest {

    /** The folder's one message before the copy; it ends in a single newline, as other programs leave files. */
    private static final String OLD = "From a@example.org Mon Mar  2 09:00:00 2020\nMessage-ID: <old@example.org>\n"
            + "Subject: old\n\nold body\n";
    /** A message another program (an MDA) appends afterwards. */
    private static final String LATER = "From joe@example.org Mon Mar  2 11:00:00 2020\nMessage-ID: <later@example.org>\n"
            + "Subject: later\n\nlater body\n";

    @TempDir
    Path dir;
    /** The writer's output, kept apart from the folder's directory. */
    @TempDir
    Path logs;

    private final MboxFormat format = new MboxFormat();
    private Path box;
    private byte[] before;
    private Process writer;

    @BeforeEach
    void createFolder() throws IOException {
        box = dir.resolve("inbox");
        Files.writeString(box, OLD, StandardCharsets.US_ASCII);
        before = Files.readAllBytes(box);
    }

    @AfterEach
    void cleanUp() throws InterruptedException {
        System.clearProperty("mailsync.lock.wait");
        if (writer != null && writer.isAlive()) {
            writer.destroyForcibly();
            writer.waitFor(30, TimeUnit.SECONDS);
        }
    }

    @Test
    void aCopyKilledHalfWayIsTakenBackBeforeTheFolderIsRead() throws Exception {
        long torn = killMidCopy("lines");

        try (VisibleLogLines log = VisibleLogLines.capture()) {
            List<MessageMeta> index = format.index(box);

            assertThat(ids(index)).containsExactly("old@example.org");
            assertThat(Files.readAllBytes(box)).as("the file as it was before the copy").isEqualTo(before);
            assertThat(filesBeside()).as("no journal or lock left").containsExactly("inbox");
            long removed = torn - before.length;
            assertThat(copyWarnings(log)).as("one visible line about the removed copy").singleElement()
                    .satisfies(line -> assertThat(line).startsWith("Warning: ").contains(box.toString())
                            .contains(Long.toString(removed)));
        }
        // The folder works as before: the message can be copied again, whole.
        append("Message-ID: <again@example.org>\nSubject: again\n\nbody\n");
        assertThat(ids(format.index(box))).containsExactly("old@example.org", "again@example.org");
    }

    @Test
    void mailAnotherProgramAddedAfterTheTornCopyIsKept() throws Exception {
        killMidCopy("lines");
        // An MDA that broke the dead writer's lock delivers: it ends the last line and adds an empty one first.
        byte[] torn = Files.readAllBytes(box);
        String glue = (torn[torn.length - 1] == '\n' ? "" : "\n") + "\n";
        Files.writeString(box, glue + LATER, StandardCharsets.US_ASCII, StandardOpenOption.APPEND);
        long laterAt = Files.size(box) - LATER.length();

        try (VisibleLogLines log = VisibleLogLines.capture()) {
            List<MessageMeta> index = format.index(box);

            assertThat(ids(index)).containsExactly("old@example.org", "later@example.org");
            // The separator our copy would have needed stays, so that the MDA's message still follows an empty line.
            assertThat(new String(Files.readAllBytes(box), StandardCharsets.US_ASCII)).isEqualTo(OLD + "\n" + LATER);
            try (InputStream in = format.open(box, index.get(1).key())) {
                assertThat(new String(in.readAllBytes(), StandardCharsets.US_ASCII)).isEqualTo(LATER.substring(LATER.indexOf('\n') + 1));
            }
            assertThat(filesBeside()).containsExactly("inbox");
            long removed = laterAt - (before.length + 1);
            assertThat(copyWarnings(log)).singleElement().satisfies(line -> assertThat(line).startsWith("Warning: ")
                    .contains(box.toString()).contains(Long.toString(removed)));
        }
    }

    @Test
    void mailGluedToTheMiddleOfATornLineIsNotGuessedAtAndTheFolderIsLeftAlone() throws Exception {
        killMidCopy("longline");
        byte[] torn = Files.readAllBytes(box);
        assertThat(torn[torn.length - 1]).as("the copy was cut in the middle of a line").isNotEqualTo((byte) '\n');
        // A careless MDA appends right after the last byte: its From line starts in the middle of a line.
        Files.writeString(box, LATER, StandardCharsets.US_ASCII, StandardOpenOption.APPEND);
        byte[] both = Files.readAllBytes(box);

        assertThatThrownBy(() -> format.index(box)).isInstanceOf(StoreException.class)
                .hasMessageContaining(box.toString()).hasMessageContaining(Long.toString(before.length))
                .hasMessageContaining(Long.toString(both.length - LATER.length())).hasMessageContaining("truncate");
        assertThatThrownBy(() -> append("Message-ID: <new@example.org>\n\nx\n")).isInstanceOf(StoreException.class)
                .hasMessageContaining(box.toString());
        assertThat(Files.readAllBytes(box)).as("nothing changed").isEqualTo(both);

        // Once the folder is gone, what was left of the copy does not hold up a new folder of that name.
        format.remove(box);
        format.create(box);
        append("Message-ID: <new@example.org>\n\nx\n");
        assertThat(ids(format.index(box))).containsExactly("new@example.org");
        assertThat(filesBeside()).containsExactly("inbox");
    }

    @Test
    void aCopyStillGoingOnIsWaitedForAndNotTakenBack() throws Exception {
        writer = start("600000", "100000", "lines"); // 2.5 s of slow body after the first 100 KB
        waitForGrowth(64 << 10);
        LocalStore store = new LocalStore("local", dir, List.of(format), null);
        assertThat(store.listFolders("*")).as("nothing beside the mbox is listed as a folder")
                .containsExactly(new FolderInfo("inbox", true));

        System.setProperty("mailsync.lock.wait", "0.5");
        long seen = Files.size(box);
        assertThatThrownBy(() -> format.index(box)).isInstanceOf(StoreException.class)
                .hasMessageContaining(MboxLock.dotLockOf(box).toString()).hasMessageContaining("still running");
        assertThat(Files.size(box)).as("nothing taken back").isGreaterThanOrEqualTo(seen);
        assertThat(writer.isAlive()).isTrue();

        // The next run (a store of its own: within a run, a lock given up on is not waited for again) waits long enough.
        System.setProperty("mailsync.lock.wait", "60");
        MboxFormat nextRun = new MboxFormat();
        List<MessageMeta> index = nextRun.index(box);

        assertThat(writer.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(writer.exitValue()).as(stderrOf(writer)).isZero();
        assertThat(ids(index)).containsExactly("old@example.org", "big@example.org");
        assertThat(index.get(1).size()).as("the whole message, not what was written when the index began")
                .isGreaterThan(600_000);
        assertThat(nextRun.index(box)).isEqualTo(index);
        assertThat(filesBeside()).containsExactly("inbox");
    }

    @Test
    void aCopyThatFailsIsTakenBackAtOnceAndLeavesNothingBehind() throws Exception {
        InputStream failing = new InputStream() {
            private int n;

            @Override
            public int read() throws IOException {
                if (n >= 200_000) {
                    throw new IOException("connection reset");
                }
                return n++ < 40 ? "Message-ID: <f@example.org>\nSubject: f\n\n".charAt(n - 1) : (n % 70 == 0 ? '\n' : 'x');
            }
        };
        assertThatThrownBy(() -> format.append(box, failing, Set.of(), Instant.now())).isInstanceOf(StoreException.class)
                .hasMessageContaining("connection reset");
        assertThat(Files.readAllBytes(box)).isEqualTo(before);
        assertThat(filesBeside()).containsExactly("inbox");
    }

    // ------------------------------------------------------------------ helpers

    /** Starts a copy of a big message in another JVM, kills it once 100 KB are in the file; the file's size then. */
    private long killMidCopy(String shape) throws Exception {
        writer = start("-1", "150000", shape);
        waitForGrowth(100_000);
        writer.destroyForcibly();
        assertThat(writer.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(writer.exitValue()).as("killed by SIGKILL; " + stderrOf(writer)).isEqualTo(137);
        long torn = Files.size(box);
        assertThat(format.isFolder(box)).isTrue();
        return torn;
    }

    private Process start(String body, String fast, String shape) throws IOException {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        return new ProcessBuilder(java, "-XX:TieredStopAtLevel=1", "-cp", System.getProperty("java.class.path"),
                SlowAppender.class.getName(), box.toString(), body, fast, shape)
                .redirectOutput(logs.resolve("writer.out").toFile())
                .redirectError(logs.resolve("writer.err").toFile())
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null"))).start();
    }

    private void waitForGrowth(long bytes) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (Files.size(box) <= before.length + bytes) {
            assertThat(writer.isAlive()).as("the writer runs; " + stderrOf(writer)).isTrue();
            assertThat(System.nanoTime()).as("the writer got going").isLessThan(deadline);
            Thread.sleep(5);
        }
    }

    /** What the writer printed, for failure messages. */
    private String stderrOf(Process p) throws IOException {
        Path out = logs.resolve("writer.out");
        Path err = logs.resolve("writer.err");
        return "stdout: " + (Files.exists(out) ? Files.readString(out) : "") + " stderr: "
                + (Files.exists(err) ? Files.readString(err) : "");
    }

    private void append(String message) throws StoreException {
        format.append(box, new ByteArrayInputStream(message.getBytes(StandardCharsets.US_ASCII)), Set.of(),
                Instant.parse("2020-03-02T12:00:00Z"));
    }

    private static List<String> ids(List<MessageMeta> index) {
        return index.stream().map(m -> {
            String header = new String(m.header(), StandardCharsets.US_ASCII);
            int at = header.indexOf("Message-ID: <");
            return at < 0 ? "(none)" : header.substring(at + 13, header.indexOf('>', at));
        }).toList();
    }

    /** The names of the files in the folder's directory. */
    private List<String> filesBeside() throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return files.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    /** The visible lines, but for the one about the dead writer's dot-lock. */
    private List<String> copyWarnings(VisibleLogLines log) {
        String dot = MboxLock.dotLockOf(box).toString();
        return log.lines().stream().filter(line -> !line.contains(dot)).toList();
    }
}
