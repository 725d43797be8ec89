package org.mailsync.store.mbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mailsync.store.MessageMeta;
import org.mailsync.store.StoreException;
import org.mailsync.store.local.DeadProcess;
import org.mailsync.store.local.VisibleLogLines;

/**
 * The states an append cut short can leave, made the way the code makes them (the journal
 * written by {@link AppendJournal#begin} through {@link MboxWriter}, its owner then a process
 * that is gone), for the cases a kill in a test rarely hits: the kill after the message was
 * complete, before the journal went; before the first byte; while the journal was written;
 * during an earlier recovery; and a file another program rewrote since. {@link
 * InterruptedAppendTest} kills real writers.
 */
class AppendJournalTest {

    private static final String OLD = "From a@example.org Mon Mar  2 09:00:00 2020\nMessage-ID: <old@example.org>\n"
            + "Subject: old\n\nold body\n";
    private static final String LATER = "From joe@example.org Mon Mar  2 11:00:00 2020\nMessage-ID: <later@example.org>\n"
            + "Subject: later\n\nlater body\n";
    private static final String BIG = "Message-ID: <big@example.org>\nSubject: big\n\n" + ("x".repeat(70) + "\n").repeat(2000);

    @TempDir
    Path dir;

    private final MboxFormat format = new MboxFormat();
    private Path box;
    private Path journal;
    private byte[] before;

    @BeforeEach
    void createFolder() throws Exception {
        box = dir.resolve("inbox");
        journal = dir.resolve(".inbox.mailsync-append");
        Files.writeString(box, OLD, StandardCharsets.US_ASCII);
        Files.setPosixFilePermissions(box, PosixFilePermissions.fromString("rw-r-----"));
        before = Files.readAllBytes(box);
    }

    /**
     * What a writer killed after its message reached the disk, but before it deleted its
     * journal, leaves; the owner is made a process that is gone.
     */
    private void appendAndDieBeforeTheJournalGoes() throws Exception {
        try (FileChannel ch = FileChannel.open(box, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
            MboxWriter.append(ch, new ByteArrayInputStream(BIG.getBytes(StandardCharsets.US_ASCII)), Set.of(),
                    Instant.parse("2020-03-02T10:30:00Z"),
                    (offset, boundary, fromLine) -> AppendJournal.begin(box, ch, offset, boundary, fromLine));
        }
        String text = Files.readString(journal, StandardCharsets.US_ASCII);
        Files.writeString(journal, text.replaceFirst("(?m)^owner \\d+", "owner " + DeadProcess.pid()), StandardCharsets.US_ASCII);
    }

    @Test
    void theJournalIsADotFileThatNamesItsWriterAndSaysWhereTheCopyBegan() throws Exception {
        appendAndDieBeforeTheJournalGoes();
        String text = Files.readString(journal, StandardCharsets.US_ASCII);
        assertThat(text).startsWith("mailsync mbox append journal 1\n").contains("\noffset " + before.length + "\n")
                .matches("(?s).*\nowner \\d+ \\S+ \\S+( \\d+)?\n.*").endsWith("\nend\n");
        assertThat(format.isFolder(journal)).isFalse();
    }

    @Test
    void aMessageWrittenWholeButNotReportedDoneIsTakenBackToo() throws Exception {
        appendAndDieBeforeTheJournalGoes();
        assertThat(Files.size(box)).isGreaterThan(before.length + BIG.length());

        try (VisibleLogLines log = VisibleLogLines.capture()) {
            assertThat(ids(format.index(box))).containsExactly("old@example.org");
            assertThat(log.lines()).singleElement().satisfies(line -> assertThat(line).startsWith("Warning: ")
                    .contains(box.toString()).contains("no longer running"));
        }
        assertThat(Files.readAllBytes(box)).isEqualTo(before);
        assertThat(filesBeside()).containsExactly("inbox");
    }

    @Test
    void aCopyKilledBeforeItsFirstByteLeavesTheFileAsItWasAndSaysNothing() throws Exception {
        appendAndDieBeforeTheJournalGoes();
        truncate(before.length);

        try (VisibleLogLines log = VisibleLogLines.capture()) {
            assertThat(ids(format.index(box))).containsExactly("old@example.org");
            assertThat(log.lines()).isEmpty();
        }
        assertThat(Files.readAllBytes(box)).isEqualTo(before);
        assertThat(filesBeside()).containsExactly("inbox");
    }

    @Test
    void aCopyThatWroteNoneOfItsMessageLeavesLaterMailAlone() throws Exception {
        appendAndDieBeforeTheJournalGoes();
        truncate(before.length + 1); // only the empty line it puts before its From line
        Files.writeString(box, LATER, StandardCharsets.US_ASCII, StandardOpenOption.APPEND); // then an MDA delivered
        byte[] delivered = Files.readAllBytes(box);

        try (VisibleLogLines log = VisibleLogLines.capture()) {
            assertThat(ids(format.index(box))).containsExactly("old@example.org", "later@example.org");
            assertThat(log.lines()).isEmpty();
        }
        assertThat(Files.readAllBytes(box)).isEqualTo(delivered);
        assertThat(filesBeside()).containsExactly("inbox");
    }

    @Test
    void aRecoveryKilledAfterItsRewriteButBeforeTheJournalWentIsNotRepeated() throws Exception {
        appendAndDieBeforeTheJournalGoes();
        // What the rewrite that cut out the partial message left: the empty line kept, then the other program's mail.
        truncate(before.length);
        Files.writeString(box, "\n" + LATER, StandardCharsets.US_ASCII, StandardOpenOption.APPEND);
        byte[] rewritten = Files.readAllBytes(box);

        assertThat(ids(format.index(box))).containsExactly("old@example.org", "later@example.org");
        assertThat(Files.readAllBytes(box)).isEqualTo(rewritten);
        assertThat(filesBeside()).containsExactly("inbox");
    }

    @Test
    void aJournalCutShortWhileBeingWrittenMeansTheCopyNeverStarted() throws Exception {
        appendAndDieBeforeTheJournalGoes();
        truncate(before.length);
        String text = Files.readString(journal, StandardCharsets.US_ASCII);
        Files.writeString(journal, text.substring(0, text.length() / 2), StandardCharsets.US_ASCII);

        assertThat(ids(format.index(box))).containsExactly("old@example.org");
        assertThat(Files.readAllBytes(box)).isEqualTo(before);
        assertThat(filesBeside()).containsExactly("inbox");
    }

    @Test
    void aFileAnotherProgramRewroteSinceIsLeftAloneWithAnErrorThatSaysWhatToDo() throws Exception {
        appendAndDieBeforeTheJournalGoes();
        // A mail reader marked the first message read, rewriting the file: the copy's start is no longer at its offset.
        String read = OLD.replace("Subject: old\n", "Subject: old\nStatus: RO\n");
        byte[] torn = Files.readAllBytes(box);
        Files.writeString(box, read, StandardCharsets.US_ASCII);
        Files.write(box, Arrays.copyOfRange(torn, before.length, torn.length - 100), StandardOpenOption.APPEND);
        byte[] changed = Files.readAllBytes(box);

        assertThatThrownBy(() -> format.index(box)).isInstanceOf(StoreException.class)
                .hasMessageContaining(box.toString()).hasMessageContaining(journal.toString())
                .hasMessageContaining("byte " + before.length).hasMessageContaining("From MAILER-DAEMON Mon Mar  2 10:30:00 2020")
                .hasMessageContaining("remove " + journal);
        assertThat(Files.readAllBytes(box)).isEqualTo(changed);
        assertThat(journal).exists();

        // Repaired by hand as the message says: the truncated copy deleted, then the journal.
        Files.writeString(box, read, StandardCharsets.US_ASCII);
        Files.delete(journal);
        assertThat(ids(format.index(box))).containsExactly("old@example.org");
    }

    @Test
    void theFileRewrittenToKeepMailAddedAfterThePartialCopyKeepsItsMode() throws Exception {
        appendAndDieBeforeTheJournalGoes();
        truncate(Files.size(box) - 1000);
        Files.writeString(box, "\n\n" + LATER, StandardCharsets.US_ASCII, StandardOpenOption.APPEND);

        assertThat(ids(format.index(box))).containsExactly("old@example.org", "later@example.org");
        assertThat(new String(Files.readAllBytes(box), StandardCharsets.US_ASCII)).isEqualTo(OLD + "\n" + LATER);
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(box))).isEqualTo("rw-r-----");
        assertThat(filesBeside()).containsExactly("inbox");
    }

    @Test
    void anAppendAndADeleteTakeBackTheCopyFirstToo() throws Exception {
        appendAndDieBeforeTheJournalGoes();
        truncate(Files.size(box) - 1000);
        format.append(box, new ByteArrayInputStream("Message-ID: <new@example.org>\n\nnew\n".getBytes(StandardCharsets.US_ASCII)),
                Set.of(), Instant.parse("2020-03-02T12:00:00Z"));
        List<MessageMeta> index = format.index(box);
        assertThat(ids(index)).containsExactly("old@example.org", "new@example.org");

        appendAndDieBeforeTheJournalGoes();
        truncate(Files.size(box) - 1000);
        format.delete(box, List.of(index.get(0).key()));
        assertThat(ids(format.index(box))).containsExactly("new@example.org");
        assertThat(filesBeside()).containsExactly("inbox");
    }

    private void truncate(long size) throws Exception {
        try (FileChannel ch = FileChannel.open(box, StandardOpenOption.WRITE)) {
            ch.truncate(size);
        }
    }

    private static List<String> ids(List<MessageMeta> index) {
        return index.stream().map(m -> {
            String header = new String(m.header(), StandardCharsets.US_ASCII);
            int at = header.indexOf("Message-ID: <");
            return at < 0 ? "(none)" : header.substring(at + 13, header.indexOf('>', at));
        }).toList();
    }

    private List<String> filesBeside() throws Exception {
        try (Stream<Path> files = Files.list(dir)) {
            return files.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }
}
