package org.mailsync.store.maildir;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
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
import org.mailsync.store.local.VisibleLogLines;

/**
 * An index with the snapshot of the last one reads only the message files that changed since,
 * and sees every change another program made behind its back: messages added, removed,
 * re-flagged by a rename, replaced under the same name, even with the old mtime put back.
 * Reads are counted by the format ({@code headersRead}): tests run as root, so an unreadable
 * file would prove nothing.
 */
class MaildirIncrementalIndexTest {

    /** Short, so that tests need not wait the real two seconds for files to count as settled. */
    static final Duration SETTLE = Duration.ofMillis(40);

    @TempDir
    Path dir;

    private Path box;
    private final MaildirFormat format = new MaildirFormat(false, Clock.systemUTC(), SETTLE);
    private IncrementalIndexProbe probe;

    @BeforeEach
    void makeMaildir() throws StoreException {
        box = dir.resolve("box");
        format.create(box);
        probe = new IncrementalIndexProbe(format, box, format::headersRead);
    }

    static byte[] message(String id, String body) {
        return ("From: a@example.org\nTo: b@example.org\nSubject: subject " + id + "\nMessage-ID: <" + id
                + "@example.org>\nX-Mailer: not essential\n\n" + body + "\n").getBytes(StandardCharsets.US_ASCII);
    }

    private String append(String id, Set<Flag> flags) throws StoreException {
        return format.append(box, new ByteArrayInputStream(message(id, "body of " + id)), flags, null);
    }

    /** Lets every change made so far count as settled for the next index. */
    static void settle() throws InterruptedException {
        Thread.sleep(SETTLE.toMillis() + 15);
    }

    private Path fileOf(String key) throws Exception {
        try (var files = Files.list(box.resolve("cur"))) {
            List<Path> all = new ArrayList<>(files.toList());
            try (var fresh = Files.list(box.resolve("new"))) {
                all.addAll(fresh.toList());
            }
            return all.stream().filter(p -> p.getFileName().toString().startsWith(key)).findFirst().orElseThrow();
        }
    }

    @Test
    void anUnchangedFolderIsIndexedWithoutOpeningAMessage() throws Exception {
        for (int i = 0; i < 5; i++) {
            append("m" + i, i % 2 == 0 ? Set.of(Flag.SEEN) : Set.of());
        }
        settle();
        FolderSnapshot first = probe.index(null);
        assertThat(first.validity()).isEqualTo("maildir/1");
        assertThat(first.entries()).allSatisfy(e -> assertThat(e.stamp()).isNotNull());

        assertThat(probe.readsFor(first)).isZero();
        assertThat(format.index(box, first).metas()).isEqualTo(first.metas());
    }

    @Test
    void snapshotHeadersKeepOnlyTheEssentialFields() throws Exception {
        append("m", Set.of());
        MessageMeta meta = format.index(box, null).metas().get(0);
        assertThat(new String(meta.header(), StandardCharsets.US_ASCII)).doesNotContain("X-Mailer")
                .contains("Message-ID: <m@example.org>");
        assertThat(new String(format.index(box).get(0).header(), StandardCharsets.US_ASCII)).contains("X-Mailer");
    }

    @Test
    void anAddedMessageIsTheOnlyOneRead() throws Exception {
        append("m0", Set.of());
        append("m1", Set.of());
        settle();
        FolderSnapshot first = probe.index(null);
        Files.write(box.resolve("new").resolve("1700000000.M1P99.elsewhere"), message("added", "x"));

        assertThat(probe.readsFor(first)).isEqualTo(1);
        assertThat(format.index(box, first).metas()).extracting(MessageMeta::key).contains("1700000000.M1P99.elsewhere");
    }

    @Test
    void aRemovedMessageIsGoneWithoutReadingTheOthers() throws Exception {
        String gone = append("m0", Set.of());
        append("m1", Set.of());
        settle();
        FolderSnapshot first = probe.index(null);
        Files.delete(fileOf(gone));

        assertThat(probe.readsFor(first)).isZero();
        assertThat(format.index(box, first).metas()).extracting(MessageMeta::key).doesNotContain(gone).hasSize(1);
    }

    @Test
    void flagsComeFromTheFileNameAsItIsNow() throws Exception {
        String moved = append("m0", Set.of());
        String flagged = append("m1", Set.of(Flag.SEEN));
        settle();
        FolderSnapshot first = probe.index(null);
        // A mail reader moves a new message to cur/ and flags another: renames only.
        Files.move(fileOf(moved), box.resolve("cur").resolve(moved + ":2,S"));
        Files.move(fileOf(flagged), box.resolve("cur").resolve(flagged + ":2,FRS"));

        FolderSnapshot second = probe.index(first);
        assertThat(second.metas()).extracting(MessageMeta::flags)
                .containsExactly(Set.of(Flag.SEEN), Set.of(Flag.SEEN, Flag.FLAGGED, Flag.ANSWERED));
    }

    @Test
    void aMessageReplacedUnderTheSameNameIsReadAgain() throws Exception {
        String key = append("m0", Set.of());
        settle();
        FolderSnapshot first = probe.index(null);
        Path other = box.resolve("tmp").resolve("other");
        Files.write(other, message("replaced", "a different body"));
        Files.move(other, fileOf(key), StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        settle();

        assertThat(probe.readsFor(first)).isEqualTo(1);
        assertThat(subjects(format.index(box, first))).containsExactly(" subject replaced");
    }

    @Test
    void aMessageRewrittenInPlaceWithTheSameSizeAndItsOldMtimeIsReadAgain() throws Exception {
        String key = append("aa", Set.of());
        Path file = fileOf(key);
        // A whole second, which every way of setting file times keeps exactly.
        FileTime mtime = FileTime.from(Instant.parse("2020-03-02T10:00:00Z"));
        Files.setLastModifiedTime(file, mtime);
        settle();
        FolderSnapshot first = probe.index(null);
        long size = Files.size(file);
        // Same length, same inode, same mtime: only the ctime tells (a clock set back, or a tool that keeps dates).
        Files.write(file, message("bb", "body of aa"));
        Files.setLastModifiedTime(file, mtime);
        assertThat(Files.size(file)).isEqualTo(size);
        settle(); // else the fresh ctime alone has it read again

        assertThat(probe.readsFor(first)).isEqualTo(1);
        assertThat(subjects(format.index(box, first))).containsExactly(" subject bb");
    }

    @Test
    void aFileChangedJustBeforeTheIndexIsNotTrustedNextTime() throws Exception {
        MaildirFormat strict = new MaildirFormat(false, Clock.systemUTC(), Duration.ofHours(1));
        append("m0", Set.of());
        FolderSnapshot first = strict.index(box, null);
        assertThat(first.entries()).allSatisfy(e -> assertThat(e.stamp()).isNull());
        assertThat(first.reusable()).isTrue(); // the validity: a later index may still stamp it
        long before = strict.headersRead();
        strict.index(box, first);
        assertThat(strict.headersRead() - before).isEqualTo(1);
    }

    @Test
    void aSnapshotOfAnotherKindOrVersionOrWithStrangeStampsIsNotReused() throws Exception {
        append("m0", Set.of());
        append("m1", Set.of());
        settle();
        FolderSnapshot first = probe.index(null);
        List<FolderSnapshot.Entry> forged = new ArrayList<>();
        for (FolderSnapshot.Entry e : first.entries()) {
            forged.add(new FolderSnapshot.Entry(e.meta(), e.stamp() + "0"));
        }

        assertThat(probe.readsFor(new FolderSnapshot("maildir/0", first.entries()))).isEqualTo(2);
        assertThat(probe.readsFor(new FolderSnapshot("mh/1", first.entries()))).isEqualTo(2);
        assertThat(probe.readsFor(new FolderSnapshot(null, first.entries()))).isEqualTo(2);
        assertThat(probe.readsFor(new FolderSnapshot("maildir/1", forged))).isEqualTo(2);
        assertThat(probe.readsFor(FolderSnapshot.uncached(first.metas()))).isEqualTo(2);
    }

    @Test
    void anIncrementalIndexStillCleansTmp() throws Exception {
        MaildirFormat later = new MaildirFormat(false, Clock.offset(Clock.systemUTC(), Duration.ofHours(40)), SETTLE);
        append("m0", Set.of());
        FolderSnapshot first = later.index(box, null);
        Path leftover = Files.write(box.resolve("tmp").resolve("1600000000.M1P2.elsewhere"), message("partial", ""));

        try (VisibleLogLines log = VisibleLogLines.capture()) {
            later.index(box, first);
            assertThat(log.lines()).singleElement().satisfies(line -> assertThat(line).contains("removed tmp/"));
        }
        assertThat(leftover).doesNotExist();
    }

    private static List<String> subjects(FolderSnapshot snapshot) {
        return snapshot.metas().stream().map(m -> HeaderBlock.parse(m.header()).first("Subject")).toList();
    }
}
