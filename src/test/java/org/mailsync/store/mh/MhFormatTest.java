package org.mailsync.store.mh;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mailsync.store.Flag;
import org.mailsync.store.FolderNotFoundException;
import org.mailsync.store.MessageMeta;
import org.mailsync.store.StoreException;

/** MH specifics the store contract cannot see: detection, stale keys, sequences on disk. */
class MhFormatTest {

    @TempDir
    Path dir;

    private final MhFormat mh = new MhFormat();

    private static byte[] msg(String subject) {
        return ("From: a@example.org\nSubject: " + subject + "\n\nbody of " + subject + "\n").getBytes(StandardCharsets.US_ASCII);
    }

    private String append(Path folder, String subject, Set<Flag> flags) throws StoreException {
        return mh.append(folder, new ByteArrayInputStream(msg(subject)), flags, null);
    }

    private String read(Path folder, String key) throws Exception {
        try (InputStream in = mh.open(folder, key)) {
            return new String(in.readAllBytes(), StandardCharsets.US_ASCII);
        }
    }

    private static String sequences(Path folder) throws Exception {
        return Files.readString(folder.resolve(".mh_sequences"), StandardCharsets.ISO_8859_1);
    }

    // --- detection ---

    @Test
    void directoryWithSequencesFileIsAFolderEvenWhenEmpty() throws Exception {
        Path f = Files.createDirectory(dir.resolve("f"));
        Files.createFile(f.resolve(".mh_sequences"));
        assertThat(mh.isFolder(f)).isTrue();
        assertThat(mh.index(f)).isEmpty();
    }

    @Test
    void emptyDirectoryIsNotAFolder() throws Exception {
        Path f = Files.createDirectory(dir.resolve("plain"));
        assertThat(mh.isFolder(f)).isFalse();
        assertThatThrownBy(() -> mh.index(f)).isInstanceOf(FolderNotFoundException.class);
    }

    @Test
    void numberedFilesMakeAFolderWithoutSequencesFile() throws Exception {
        Path f = Files.createDirectory(dir.resolve("old"));
        Files.write(f.resolve("3"), msg("three"));
        assertThat(mh.isFolder(f)).isTrue();
        assertThat(mh.index(f)).singleElement().satisfies(m -> assertThat(m.key()).startsWith("3-"));
    }

    @Test
    void maildirWithNumberedFilesIsNotMh() throws Exception {
        Path f = Files.createDirectory(dir.resolve("md"));
        Files.createDirectory(f.resolve("cur"));
        Files.createDirectory(f.resolve("new"));
        Files.createDirectory(f.resolve("tmp"));
        Files.write(f.resolve("1"), msg("x"));
        assertThat(mh.isFolder(f)).isFalse();
    }

    @Test
    void onlyNonNumericFilesIsNotAFolder() throws Exception {
        Path f = Files.createDirectory(dir.resolve("junk"));
        Files.write(f.resolve(",12"), msg("x"));
        Files.write(f.resolve("0"), msg("x"));
        Files.write(f.resolve("007"), msg("x"));
        Files.write(f.resolve("notes.txt"), msg("x"));
        assertThat(mh.isFolder(f)).isFalse();
        assertThat(mh.isFolder(f.resolve("notes.txt"))).isFalse();
    }

    @Test
    void subdirectoriesAreNotReservedButMessageFilesAre() throws Exception {
        Path f = dir.resolve("f");
        mh.create(f);
        Files.createDirectory(f.resolve("sub"));
        append(f, "a", Set.of());
        Files.write(f.resolve(",1"), msg("removed"));
        assertThat(mh.isReservedChild(f, "sub")).isFalse();
        assertThat(mh.isReservedChild(f, "1")).isTrue();
        assertThat(mh.isReservedChild(f, ",1")).isTrue();
        assertThat(mh.isReservedChild(f, "notes.txt")).isFalse();
    }

    // --- messages ---

    @Test
    void nonNumericFilesAreIgnored() throws Exception {
        Path f = dir.resolve("f");
        mh.create(f);
        append(f, "one", Set.of());
        Files.write(f.resolve(",12"), msg("deleted by rmm"));
        Files.write(f.resolve(".xmhcache"), msg("cache"));
        Files.write(f.resolve("012"), msg("not canonical"));
        Files.createDirectory(f.resolve("5"));
        List<MessageMeta> index = mh.index(f);
        assertThat(index).singleElement().satisfies(m -> assertThat(m.key()).startsWith("1-"));
    }

    @Test
    void indexIsInNumericOrderAndKeysNameTheFiles() throws Exception {
        Path f = dir.resolve("f");
        mh.create(f);
        Files.write(f.resolve("10"), msg("ten"));
        Files.write(f.resolve("9"), msg("nine"));
        Files.write(f.resolve("100"), msg("hundred"));
        List<MessageMeta> index = mh.index(f);
        assertThat(index).extracting(m -> m.key().substring(0, m.key().indexOf('-'))).containsExactly("9", "10", "100");
        assertThat(read(f, index.get(2).key())).contains("Subject: hundred");
        assertThat(new String(index.get(0).header(), StandardCharsets.US_ASCII))
                .isEqualTo("From: a@example.org\nSubject: nine\n");
    }

    @Test
    void appendTakesNextNumberAfterTheHighest() throws Exception {
        Path f = dir.resolve("f");
        mh.create(f);
        Files.write(f.resolve("41"), msg("old"));
        String key = append(f, "new", Set.of(Flag.SEEN));
        assertThat(key).startsWith("42-");
        assertThat(Files.readAllBytes(f.resolve("42"))).isEqualTo(msg("new"));
    }

    @Test
    void numberTakenMeanwhileIsSkippedNotReplaced() throws Exception {
        Path f = dir.resolve("f");
        mh.create(f);
        append(f, "one", Set.of(Flag.SEEN));
        // Stands for a concurrent writer that took number 2 after we looked: not a message
        // file, so it is not counted as the highest, yet the name is taken.
        Files.createDirectory(f.resolve("2"));
        String key = append(f, "two", Set.of(Flag.SEEN));
        assertThat(key).startsWith("3-");
        assertThat(Files.isDirectory(f.resolve("2"))).isTrue();
        assertThat(Files.readAllBytes(f.resolve("3"))).isEqualTo(msg("two"));
    }

    @Test
    void concurrentAppendsNeverOverwriteEachOther() throws Exception {
        Path f = dir.resolve("f");
        mh.create(f);
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            List<Future<?>> writers = List.of(
                    pool.submit(() -> { for (int i = 0; i < 20; i++) { append(f, "a" + i, Set.of()); } return null; }),
                    pool.submit(() -> { for (int i = 0; i < 20; i++) { append(f, "b" + i, Set.of()); } return null; }));
            for (Future<?> w : writers) {
                w.get();
            }
        } finally {
            pool.shutdownNow();
        }
        List<MessageMeta> index = mh.index(f);
        assertThat(index).hasSize(40);
        assertThat(index).allSatisfy(m -> assertThat(m.flags()).isEmpty());
        assertThat(sequences(f)).isEqualTo("unseen: 1-40\n");
    }

    @Test
    void staleKeyAfterRenumberingIsRejected() throws Exception {
        Path f = dir.resolve("f");
        mh.create(f);
        append(f, "first", Set.of(Flag.SEEN));
        String second = append(f, "second", Set.of(Flag.SEEN));
        append(f, "third", Set.of(Flag.SEEN));
        String stale = mh.index(f).get(2).key(); // message 3, "third"
        // What folder -pack does after message 1 is removed: 2 -> 1, 3 -> 2, nothing at 3.
        // Then another message arrives as 3.
        Files.delete(f.resolve("1"));
        Files.move(f.resolve("2"), f.resolve("1"));
        Files.move(f.resolve("3"), f.resolve("2"));
        Files.write(f.resolve("3"), msg("intruder"));

        assertThatThrownBy(() -> mh.open(f, stale)).isInstanceOf(StoreException.class)
                .hasMessageContaining(stale).hasMessageContaining(f.toString());
        assertThatThrownBy(() -> mh.delete(f, List.of(second))).isInstanceOf(StoreException.class)
                .hasMessageContaining(second);
        assertThat(mh.index(f)).hasSize(3);
        assertThat(Files.readAllBytes(f.resolve("3"))).isEqualTo(msg("intruder"));
    }

    @Test
    void keyOfAChangedMessageIsRejected() throws Exception {
        Path f = dir.resolve("f");
        mh.create(f);
        String key = append(f, "same", Set.of());
        Files.write(f.resolve("1"), "From: a@example.org\nSubject: same\n\nedited body, other size\n".getBytes(StandardCharsets.US_ASCII));
        assertThatThrownBy(() -> mh.delete(f, List.of(key))).isInstanceOf(StoreException.class);
        assertThat(Files.exists(f.resolve("1"))).isTrue();
    }

    @Test
    void malformedKeyIsRejected() throws Exception {
        Path f = dir.resolve("f");
        mh.create(f);
        append(f, "x", Set.of());
        for (String bad : List.of("1", "1-2", "../1-1-00000000", "0-1-00000000", "abc")) {
            assertThatThrownBy(() -> mh.open(f, bad)).isInstanceOf(StoreException.class).hasMessageContaining(bad);
        }
    }

    @Test
    void temporaryFilesAreNeverVisibleAsMessages() throws Exception {
        Path f = dir.resolve("f");
        mh.create(f);
        // A leftover of an interrupted append, and an MH backup: neither is a message.
        Files.write(f.resolve(".mailsync-tmp-msg-leftover"), msg("half"));
        Files.write(f.resolve(",3"), msg("backup"));
        AtomicBoolean sawTemp = new AtomicBoolean();
        CountDownLatch done = new CountDownLatch(1);
        ExecutorService pool = Executors.newSingleThreadExecutor();
        try {
            Future<?> watcher = pool.submit(() -> {
                while (done.getCount() > 0) {
                    try (var names = Files.list(f)) {
                        names.map(p -> p.getFileName().toString())
                                .filter(n -> !n.startsWith(".") && MhFormat.messageNumber(n) < 0 && !n.equals(",3"))
                                .findAny().ifPresent(n -> sawTemp.set(true));
                    }
                    for (MessageMeta m : mh.index(f)) {
                        if (m.size() != msg("m").length) {
                            sawTemp.set(true); // a half-written file under a message number
                        }
                    }
                }
                return null;
            });
            for (int i = 0; i < 30; i++) {
                append(f, "m", Set.of());
            }
            done.countDown();
            watcher.get();
        } finally {
            pool.shutdownNow();
        }
        assertThat(sawTemp).isFalse();
        assertThat(mh.index(f)).hasSize(30);
        try (var names = Files.list(f)) {
            assertThat(names.map(p -> p.getFileName().toString()).filter(n -> n.startsWith(".mailsync-tmp-")))
                    .containsExactly(".mailsync-tmp-msg-leftover");
        }
        assertThat(Files.exists(f.resolve(".mh_sequences.lock"))).isFalse();
    }

    // --- sequences on disk ---

    @Test
    void appendWritesFlagsToTheirSequencesAndKeepsOthers() throws Exception {
        Path f = dir.resolve("f");
        mh.create(f);
        Files.writeString(f.resolve(".mh_sequences"), "cur: 1\nmine: 1-9\n 12\n");
        append(f, "a", EnumSet.of(Flag.FLAGGED, Flag.ANSWERED));
        append(f, "b", EnumSet.of(Flag.SEEN, Flag.DRAFT, Flag.DELETED));
        // "mine" named messages that did not exist (nmh drops such members on read), so the new
        // 1 and 2 leave it; being changed, it is written on one line. "cur" is a position: kept.
        assertThat(sequences(f)).isEqualTo("cur: 1\nmine: 3-9 12\nunseen: 1\nflagged: 1\nreplied: 1\ndraft: 2\ndeleted: 2\n");
        List<MessageMeta> index = mh.index(f);
        assertThat(index.get(0).flags()).containsExactlyInAnyOrder(Flag.FLAGGED, Flag.ANSWERED);
        assertThat(index.get(1).flags()).containsExactlyInAnyOrder(Flag.SEEN, Flag.DRAFT, Flag.DELETED);
    }

    @Test
    void sequencesFileIsNotRewrittenWhenNothingNeedsIt() throws Exception {
        Path f = dir.resolve("f");
        mh.create(f);
        Files.writeString(f.resolve(".mh_sequences"), "cur: 1\nselect:   2 \n");
        FileTime old = FileTime.from(Instant.parse("2001-01-01T00:00:00Z"));
        Files.setLastModifiedTime(f.resolve(".mh_sequences"), old);
        append(f, "seen", Set.of(Flag.SEEN));
        assertThat(Files.getLastModifiedTime(f.resolve(".mh_sequences"))).isEqualTo(old);
        assertThat(sequences(f)).isEqualTo("cur: 1\nselect:   2 \n");
    }

    @Test
    void deleteRemovesNumbersFromAllSequencesButCur() throws Exception {
        Path f = dir.resolve("f");
        mh.create(f);
        String k1 = append(f, "a", Set.of(Flag.FLAGGED));
        append(f, "b", Set.of(Flag.FLAGGED));
        Files.writeString(f.resolve(".mh_sequences"), "cur: 1\n" + sequences(f) + "mine: 1-2\n");
        mh.delete(f, List.of(k1));
        assertThat(Files.exists(f.resolve("1"))).isFalse();
        assertThat(sequences(f)).isEqualTo("cur: 1\nunseen: 2\nflagged: 2\nmine: 2\n");
    }

    @Test
    void reusedNumberDoesNotInheritStaleMembership() throws Exception {
        Path f = dir.resolve("f");
        mh.create(f);
        // Message 1 was removed by a program that left the sequences as they were.
        Files.writeString(f.resolve(".mh_sequences"), "flagged: 1\nreplied: 1\n");
        append(f, "fresh", Set.of(Flag.SEEN));
        assertThat(mh.index(f).get(0).flags()).containsExactly(Flag.SEEN);
        assertThat(sequences(f)).isEmpty();
    }

    @Test
    void internalDateIsTheMtimeToTheSecond() throws Exception {
        Path f = dir.resolve("f");
        mh.create(f);
        Instant when = Instant.parse("2018-05-06T07:08:09.750Z");
        mh.append(f, new ByteArrayInputStream(msg("d")), Set.of(), when);
        assertThat(Files.getLastModifiedTime(f.resolve("1")).toInstant()).isEqualTo(Instant.parse("2018-05-06T07:08:09Z"));
        assertThat(mh.index(f).get(0).internalDate()).isEqualTo(Instant.parse("2018-05-06T07:08:09Z"));
    }

    @Test
    void removeKeepsSubfoldersAndForeignFiles() throws Exception {
        Path f = dir.resolve("f");
        mh.create(f);
        mh.create(f.resolve("sub"));
        append(f, "a", Set.of());
        mh.remove(f);
        assertThat(mh.isFolder(f)).isFalse();
        assertThat(mh.isFolder(f.resolve("sub"))).isTrue();

        Path g = dir.resolve("g");
        mh.create(g);
        append(g, "b", Set.of());
        mh.remove(g);
        assertThat(Files.exists(g)).isFalse();
    }

    @Test
    void heldDotLockIsReportedNotBroken() throws Exception {
        Path f = dir.resolve("f");
        mh.create(f);
        Path dot = Files.createFile(f.resolve(".mh_sequences.lock"));
        assertThatThrownBy(() -> MhSequencesLock.acquire(f, 200)).isInstanceOf(StoreException.class)
                .hasMessageContaining(dot.toString());
        assertThat(Files.exists(dot)).isTrue();
        Files.delete(dot);
        try (MhSequencesLock lock = MhSequencesLock.acquire(f, 200)) {
            assertThat(Files.exists(dot)).isTrue();
        }
        assertThat(Files.exists(dot)).isFalse();
    }
}
