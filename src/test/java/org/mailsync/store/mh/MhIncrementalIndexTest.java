package org.mailsync.store.mh;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mailsync.mail.HeaderBlock;
import org.mailsync.store.Flag;
import org.mailsync.store.FolderSnapshot;
import org.mailsync.store.MessageMeta;
import org.mailsync.store.StoreException;
import org.mailsync.store.local.IncrementalIndexProbe;

/**
 * An index with the snapshot of the last one opens only the MH message files that changed since,
 * reads {@code .mh_sequences} every time, and sees what other programs did: messages added
 * ({@code inc}), removed ({@code rmm}), re-flagged (only the sequences change), replaced under
 * the same number with the same size and the old mtime, renumbered ({@code folder -pack}).
 * Files opened are counted by the format ({@code headersRead}): tests run as root.
 */
class MhIncrementalIndexTest {

    /** Short, so that tests need not wait the real two seconds for files to count as settled. */
    static final Duration SETTLE = Duration.ofMillis(40);

    @TempDir
    Path dir;

    private Path folder;
    private final MhFormat mh = new MhFormat(SETTLE);
    private IncrementalIndexProbe probe;

    @BeforeEach
    void makeFolder() throws StoreException {
        folder = dir.resolve("inbox");
        mh.create(folder);
        probe = new IncrementalIndexProbe(mh, folder, mh::headersRead);
    }

    static byte[] message(String id) {
        return ("From: a@example.org\nTo: b@example.org\nSubject: subject " + id + "\nMessage-ID: <" + id
                + "@example.org>\nX-Mailer: not essential\n\nbody of " + id + "\n").getBytes(StandardCharsets.US_ASCII);
    }

    private void append(String id, Set<Flag> flags) throws StoreException {
        mh.append(folder, new ByteArrayInputStream(message(id)), flags, null);
    }

    static void settle() throws InterruptedException {
        Thread.sleep(SETTLE.toMillis() + 15);
    }

    private List<String> subjects(FolderSnapshot snapshot) {
        return snapshot.metas().stream().map(m -> HeaderBlock.parse(m.header()).first("Subject").strip()).toList();
    }

    @Test
    void anUnchangedFolderIsIndexedWithoutOpeningAMessage() throws Exception {
        append("a", Set.of(Flag.SEEN));
        append("b", Set.of());
        append("c", Set.of(Flag.FLAGGED));
        settle();
        FolderSnapshot first = probe.index(null);
        assertThat(first.validity()).isEqualTo("mh/1");

        FolderSnapshot second = probe.index(first);
        assertThat(probe.reads()).isZero();
        assertThat(second).isEqualTo(first);
    }

    @Test
    void snapshotHeadersKeepOnlyTheEssentialFieldsButKeysStayTheFullOnes() throws Exception {
        append("a", Set.of());
        MessageMeta meta = mh.index(folder, null).metas().get(0);
        assertThat(new String(meta.header(), StandardCharsets.US_ASCII)).doesNotContain("X-Mailer").contains("Subject: subject a");
        assertThat(meta.key()).isEqualTo(mh.index(folder).get(0).key());
    }

    @Test
    void addedAndRemovedMessagesAreSeenAndOnlyTheAddedOneIsRead() throws Exception {
        append("a", Set.of());
        append("b", Set.of());
        settle();
        FolderSnapshot first = probe.index(null);
        Files.delete(folder.resolve("1"));
        Files.write(folder.resolve("3"), message("c")); // inc, without touching the sequences

        FolderSnapshot second = probe.index(first);
        assertThat(probe.reads()).isEqualTo(1);
        assertThat(subjects(second)).containsExactly("subject b", "subject c");
    }

    @Test
    void flagsComeFromTheSequencesAsTheyAreNow() throws Exception {
        append("a", Set.of());
        append("b", Set.of(Flag.SEEN));
        settle();
        FolderSnapshot first = probe.index(null);
        Files.writeString(folder.resolve(".mh_sequences"), "flagged: 2\nreplied: 1-2\n", StandardCharsets.US_ASCII);

        FolderSnapshot second = probe.index(first);
        assertThat(probe.reads()).isZero();
        assertThat(second.metas()).extracting(MessageMeta::flags).containsExactly(Set.of(Flag.SEEN, Flag.ANSWERED),
                Set.of(Flag.SEEN, Flag.ANSWERED, Flag.FLAGGED));
    }

    @Test
    void aMessageReplacedWithTheSameSizeAndItsOldMtimeIsReadAgain() throws Exception {
        append("aa", Set.of());
        Path file = folder.resolve("1");
        FileTime mtime = FileTime.from(Instant.parse("2020-03-02T10:00:00Z"));
        Files.setLastModifiedTime(file, mtime);
        settle();
        FolderSnapshot first = probe.index(null);
        Files.write(file, message("bb"));
        Files.setLastModifiedTime(file, mtime);
        settle(); // else the fresh ctime alone has it read again

        FolderSnapshot second = probe.index(first);
        assertThat(probe.reads()).isEqualTo(1);
        assertThat(subjects(second)).containsExactly("subject bb");
        assertThat(second.metas().get(0).key()).isNotEqualTo(first.metas().get(0).key());
    }

    @Test
    void aRenumberedMessageIsReadUnderItsNewNumber() throws Exception {
        append("a", Set.of());
        append("b", Set.of());
        settle();
        FolderSnapshot first = probe.index(null);
        Files.move(folder.resolve("2"), folder.resolve("7")); // what folder -pack and sortm do, by rename
        settle();

        FolderSnapshot second = probe.index(first);
        assertThat(second.metas()).extracting(m -> m.key().substring(0, m.key().indexOf('-'))).containsExactly("1", "7");
        assertThat(subjects(second)).containsExactly("subject a", "subject b");
    }

    @Test
    void aSnapshotOfAnotherKindOrVersionOrWithStrangeStampsIsNotReused() throws Exception {
        append("a", Set.of());
        settle();
        FolderSnapshot first = probe.index(null);
        FolderSnapshot.Entry entry = first.entries().get(0);

        for (FolderSnapshot other : List.of(new FolderSnapshot("mh/0", first.entries()), new FolderSnapshot("maildir/1", first.entries()),
                new FolderSnapshot("mh/1", List.of(new FolderSnapshot.Entry(entry.meta(), entry.stamp() + "1"))),
                FolderSnapshot.uncached(first.metas()))) {
            probe.index(other);
            assertThat(probe.reads()).as("%s", other.validity()).isEqualTo(1);
        }
    }
}
