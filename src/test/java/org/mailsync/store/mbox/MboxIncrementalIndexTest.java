package org.mailsync.store.mbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mailsync.store.local.EquivalentIndexes.assertEquivalent;

import java.io.ByteArrayInputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mailsync.mail.HeaderBlock;
import org.mailsync.store.Flag;
import org.mailsync.store.FolderSnapshot;
import org.mailsync.store.MessageMeta;
import org.mailsync.store.local.DeadProcess;
import org.mailsync.store.local.IncrementalIndexProbe;
import org.mailsync.store.local.VisibleLogLines;

/**
 * An index with the snapshot of the last one reads nothing of an mbox file that did not change,
 * only the new part of one that was appended to, and all of one that was changed any other way:
 * by a delete, a Status rewrite in place, a rewrite to the same size with the mtime set back, a
 * truncation and regrowth, lines added to the last message. Bytes read are counted by the format
 * ({@code bytesRead}): tests run as root, so an unreadable file would prove nothing.
 */
class MboxIncrementalIndexTest {

    /** Short, so that tests need not wait the real two seconds for a file's times to be trusted. */
    static final Duration SETTLE = Duration.ofMillis(40);

    static final String SEPARATOR = "From alice@example.org Mon Mar  2 10:00:00 2020\n";

    private static final String PSEUDO = "From MAILER-DAEMON Mon Mar  2 10:00:00 2020\n"
            + "Date: Mon, 2 Mar 2020 10:00:00 +0000\n"
            + "From: Mail System Internal Data <MAILER-DAEMON@host>\n"
            + "Subject: DON'T DELETE THIS MESSAGE -- FOLDER INTERNAL DATA\n"
            + "Message-ID: <1583143200@host>\n"
            + "X-IMAP: 1583143200 0000000002\n"
            + "Status: RO\n\n"
            + "This text is part of the internal format of your mail folder, and is not\na real message.\n\n";

    @TempDir
    Path dir;

    private Path box;
    private final MboxFormat format = new MboxFormat(SETTLE);
    private IncrementalIndexProbe probe;

    @BeforeEach
    void makeFolder() throws Exception {
        box = dir.resolve("inbox");
        deliver("a", "b", "c");
        probe = new IncrementalIndexProbe(format, box, format::bytesRead);
    }

    /** A message as another program stores it, with its empty line after it. */
    static String stored(String id, String xStatus) {
        return SEPARATOR + "From: Alice <alice@example.org>\nTo: bob@example.org\nSubject: subject " + id
                + "\nMessage-ID: <" + id + "@example.org>\nX-Status: " + xStatus + "\n\nbody of " + id
                + "\nFrom the body, unquoted\n\n";
    }

    /** An MDA's delivery: appended at the end by another program. */
    private void deliver(String... ids) throws Exception {
        for (String id : ids) {
            Files.writeString(box, stored(id, "A"), StandardCharsets.US_ASCII, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        }
    }

    static void settle() throws InterruptedException {
        Thread.sleep(SETTLE.toMillis() + 15);
    }

    private static long lastOffset(FolderSnapshot snapshot) {
        List<MessageMeta> metas = snapshot.metas();
        return MboxKey.parse(metas.get(metas.size() - 1).key()).offset();
    }

    /** Rewrites the file in place (same inode) with one text replaced by another of the same length, mtime put back. */
    private void rewriteInPlace(String from, String to) throws Exception {
        assertThat(to).hasSameSizeAs(from);
        FileTime mtime = FileTime.from(Instant.parse("2020-03-02T10:00:00Z"));
        String text = Files.readString(box, StandardCharsets.US_ASCII);
        assertThat(text).contains(from);
        try (FileChannel ch = FileChannel.open(box, StandardOpenOption.WRITE)) {
            ch.write(ByteBuffer.wrap(text.replace(from, to).getBytes(StandardCharsets.US_ASCII)), 0);
        }
        Files.setLastModifiedTime(box, mtime);
    }

    private List<String> subjects(FolderSnapshot snapshot) {
        return snapshot.metas().stream().map(m -> HeaderBlock.parse(m.header()).first("Subject").strip()).toList();
    }

    @Test
    void anUnchangedFileIsNotReadAtAll() throws Exception {
        settle();
        FolderSnapshot first = probe.index(null);
        assertThat(first.validity()).startsWith("mbox/1 ").doesNotContain(" - ").endsWith(" " + Files.size(box));

        assertThat(probe.readsFor(first)).isZero();
        assertThat(format.index(box, first)).isEqualTo(first);
    }

    @Test
    void aGrownFileIsReadFromItsLastKnownMessageOn() throws Exception {
        FolderSnapshot first = probe.index(null);
        long oldSize = Files.size(box);
        deliver("d");
        format.append(box, new ByteArrayInputStream(("Subject: e\nMessage-ID: <e@example.org>\n\nours\n")
                .getBytes(StandardCharsets.US_ASCII)), Set.of(Flag.SEEN), null);
        long size = Files.size(box);

        long read = probe.readsFor(first);
        assertThat(read).isEqualTo(size - lastOffset(first)).isLessThan(size - oldSize + stored("c", "A").length() + 1);
        FolderSnapshot second = format.index(box, first);
        assertThat(subjects(second)).containsExactly("subject a", "subject b", "subject c", "subject d", "e");
        assertThat(second.metas().subList(0, 2)).isEqualTo(first.metas().subList(0, 2));
    }

    @Test
    void linesAddedToTheLastMessageAreNoNewMail() throws Exception {
        FolderSnapshot first = probe.index(null);
        Files.writeString(box, "a line the last message gained\n", StandardCharsets.US_ASCII, StandardOpenOption.APPEND);

        assertThat(probe.readsFor(first)).isEqualTo(Files.size(box) - lastOffset(first) + Files.size(box));
    }

    @Test
    void aDeleteIsAWholeNewFile() throws Exception {
        FolderSnapshot first = probe.index(null);
        format.delete(box, List.of(first.metas().get(1).key()));

        assertThat(probe.readsFor(first)).isEqualTo(Files.size(box));
        assertThat(subjects(format.index(box, first))).containsExactly("subject a", "subject c");
    }

    @Test
    void flagsRewrittenInPlaceWithTheSameSizeAreSeen() throws Exception {
        FolderSnapshot first = probe.index(null);
        rewriteInPlace(stored("b", "A"), stored("b", "F"));
        settle();

        assertThat(probe.readsFor(first)).isEqualTo(Files.size(box));
        assertThat(format.index(box, first).metas()).extracting(MessageMeta::flags)
                .containsExactly(Set.of(Flag.ANSWERED), Set.of(Flag.FLAGGED), Set.of(Flag.ANSWERED));
    }

    @Test
    void theLastMessageRewrittenInPlaceBeforeNewMailMeansAWholeReading() throws Exception {
        FolderSnapshot first = probe.index(null);
        rewriteInPlace(stored("c", "A"), stored("c", "F"));
        deliver("d");

        assertThat(probe.readsFor(first)).isEqualTo(Files.size(box) - lastOffset(first) + Files.size(box));
        assertThat(format.index(box, first).metas()).extracting(MessageMeta::flags)
                .containsExactly(Set.of(Flag.ANSWERED), Set.of(Flag.ANSWERED), Set.of(Flag.FLAGGED), Set.of(Flag.ANSWERED));
    }

    @Test
    void aStatusFieldAddedToAnEarlierMessageBeforeNewMailMovesTheRestAndIsSeen() throws Exception {
        FolderSnapshot first = probe.index(null);
        String text = Files.readString(box, StandardCharsets.US_ASCII);
        // What mutt and c-client do when a message is read: a Status field more, the rest of the file moves.
        Files.writeString(box, text.replace("Subject: subject a\n", "Subject: subject a\nStatus: RO\n"), StandardCharsets.US_ASCII);
        deliver("d");

        assertThat(probe.readsFor(first)).isGreaterThan(Files.size(box));
        assertThat(format.index(box, first).metas().get(0).flags()).containsExactlyInAnyOrder(Flag.SEEN, Flag.ANSWERED);
    }

    @Test
    void aRewriteToTheSameSizeWithTheMtimeSetBackIsSeen() throws Exception {
        Files.setLastModifiedTime(box, FileTime.from(Instant.parse("2020-03-02T10:00:00Z")));
        settle();
        FolderSnapshot first = probe.index(null);
        rewriteInPlace("subject b", "subject x");
        settle();

        assertThat(probe.readsFor(first)).isEqualTo(Files.size(box));
        assertThat(subjects(format.index(box, first))).containsExactly("subject a", "subject x", "subject c");
    }

    @Test
    void aFileTruncatedAndGrownPastItsOldEndIsReadWhole() throws Exception {
        FolderSnapshot first = probe.index(null);
        long oldSize = Files.size(box);
        try (FileChannel ch = FileChannel.open(box, StandardOpenOption.WRITE)) {
            ch.truncate(oldSize - 20); // into the last message
        }
        Files.writeString(box, "\n\n" + stored("d", "") + stored("e", ""), StandardCharsets.US_ASCII, StandardOpenOption.APPEND);
        assertThat(Files.size(box)).isGreaterThan(oldSize);

        long read = probe.readsFor(first);
        assertThat(read).isEqualTo(Files.size(box) - lastOffset(first) + Files.size(box));
        assertThat(subjects(format.index(box, first))).containsExactly("subject a", "subject b", "subject c", "subject d",
                "subject e");
    }

    @Test
    void cClientsPseudoMessageStaysHiddenWhenTheFileGrows() throws Exception {
        Files.writeString(box, PSEUDO + stored("a", "A") + stored("b", "A"), StandardCharsets.US_ASCII);
        FolderSnapshot first = probe.index(null);
        assertThat(subjects(first)).containsExactly("subject a", "subject b");
        deliver("c");

        assertThat(probe.readsFor(first)).isLessThan(Files.size(box) - PSEUDO.length());
        assertThat(subjects(format.index(box, first))).containsExactly("subject a", "subject b", "subject c");
    }

    @Test
    void aFileOfOnlyThePseudoMessageGrowsIntoAWholeReading() throws Exception {
        Files.writeString(box, PSEUDO, StandardCharsets.US_ASCII);
        FolderSnapshot first = probe.index(null);
        assertThat(first.entries()).isEmpty();
        deliver("a");

        assertThat(probe.readsFor(first)).isEqualTo(Files.size(box));
        assertThat(subjects(format.index(box, first))).containsExactly("subject a");
    }

    @Test
    void aFileOfOneMessageThatGrewIsReadWhole() throws Exception {
        Files.writeString(box, stored("a", "A"), StandardCharsets.US_ASCII);
        FolderSnapshot first = probe.index(null);
        deliver("b");

        assertThat(probe.readsFor(first)).isEqualTo(Files.size(box));
    }

    @Test
    void anAppendCutShortIsTakenBackBeforeTheSnapshotIsUsed() throws Exception {
        FolderSnapshot first = probe.index(null);
        deliver("d");
        appendAndDie("<torn@example.org>");

        try (VisibleLogLines log = VisibleLogLines.capture()) {
            long read = probe.readsFor(first);
            assertThat(log.lines()).singleElement().satisfies(line -> assertThat(line).contains("no longer running"));
            assertThat(read).isLessThan(Files.size(box));
        }
        assertThat(subjects(format.index(box, first))).containsExactly("subject a", "subject b", "subject c", "subject d");
        assertThat(AppendJournal.exists(box)).isFalse();
    }

    /** What a writer killed after its message reached the disk, before it removed its journal, leaves. */
    private void appendAndDie(String messageId) throws Exception {
        byte[] message = ("Message-ID: " + messageId + "\nSubject: torn\n\n" + "x".repeat(70) + "\n").getBytes(StandardCharsets.US_ASCII);
        try (FileChannel ch = FileChannel.open(box, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
            MboxWriter.append(ch, new ByteArrayInputStream(message), Set.of(), Instant.parse("2020-03-02T10:30:00Z"),
                    (offset, boundary, fromLine) -> AppendJournal.begin(box, ch, offset, boundary, fromLine));
        }
        Path journal = AppendJournal.of(box);
        String text = Files.readString(journal, StandardCharsets.US_ASCII);
        Files.writeString(journal, text.replaceFirst("(?m)^owner \\d+", "owner " + DeadProcess.pid()), StandardCharsets.US_ASCII);
    }

    @Test
    void aSnapshotThatIsNotThisFormatsOrDoesNotFitTheFileIsNotUsed() throws Exception {
        settle();
        FolderSnapshot first = probe.index(null);
        long size = Files.size(box);
        List<FolderSnapshot.Entry> reversed = new ArrayList<>(first.entries());
        Collections.reverse(reversed);

        assertThat(probe.readsFor(new FolderSnapshot(first.validity().replace("mbox/1", "mbox/0"), first.entries()))).isEqualTo(size);
        assertThat(probe.readsFor(new FolderSnapshot("maildir/1", first.entries()))).isEqualTo(size);
        assertThat(probe.readsFor(new FolderSnapshot(first.validity() + " 7", first.entries()))).isEqualTo(size);
        assertThat(probe.readsFor(new FolderSnapshot(first.validity(), reversed))).isEqualTo(size);
        assertThat(probe.readsFor(FolderSnapshot.uncached(first.metas()))).isEqualTo(size);
    }

    @Test
    void timesOfAFileChangedJustBeforeTheIndexAreNotTrustedButGrowthStillIs() throws Exception {
        MboxFormat strict = new MboxFormat(Duration.ofHours(1));
        FolderSnapshot first = strict.index(box, null);
        assertThat(first.validity()).contains(" - - ");
        long before = strict.bytesRead();
        strict.index(box, first);
        assertThat(strict.bytesRead() - before).isEqualTo(Files.size(box));

        deliver("d");
        before = strict.bytesRead();
        FolderSnapshot grown = strict.index(box, first);
        assertThat(strict.bytesRead() - before).isEqualTo(Files.size(box) - lastOffset(first));
        assertEquivalent(grown.metas(), strict.index(box));
    }

    @Test
    void snapshotHeadersKeepOnlyTheEssentialFields() throws Exception {
        Files.writeString(box, SEPARATOR + "X-Mailer: not essential\nSubject: s\nMessage-ID: <s@example.org>\nX-Status: A\n\nbody\n",
                StandardCharsets.US_ASCII);
        MessageMeta meta = format.index(box, null).metas().get(0);
        assertThat(new String(meta.header(), StandardCharsets.US_ASCII)).isEqualTo("Subject: s\nMessage-ID: <s@example.org>\n");
        assertThat(meta.flags()).containsExactly(Flag.ANSWERED);
        assertThat(new String(format.index(box).get(0).header(), StandardCharsets.US_ASCII)).contains("X-Mailer");
    }
}
