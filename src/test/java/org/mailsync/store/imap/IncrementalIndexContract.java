package org.mailsync.store.imap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import jakarta.mail.Flags;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.mailsync.store.Flag;
import org.mailsync.store.FolderNotFoundException;
import org.mailsync.store.FolderSnapshot;
import org.mailsync.store.MessageMeta;

/**
 * The incremental index must list exactly what the full index lists, whatever another client
 * did between two syncs and whatever the server offers: {@code index(f, previous).metas()}
 * equals {@code index(f)} after every step of every scenario, and indexing once more with the
 * result changes nothing (mbsync's run-tests.pl checks its scenarios the same two ways). The
 * scenarios are data: a list of changes another client makes, one step at a time, each step
 * indexed from the snapshot the step before produced. Subclasses name the server and which
 * path ({@link ImapFolderIndexer}: QRESYNC, CONDSTORE, neither) it must take.
 */
abstract class IncrementalIndexContract {

    static final String BOX = "box";

    protected ImapStore store;
    protected OtherImapClient other;
    protected final List<String> trace = new CopyOnWriteArrayList<>();

    /** A fresh store with {@code /debug} on a fresh, empty account. */
    protected abstract ImapStore newStore() throws Exception;

    /** Another client on the same account as the last {@link #newStore()}. */
    protected abstract OtherImapClient newOtherClient() throws Exception;

    /** Patterns of commands that prove the expected path ran for a folder where one flag changed. */
    protected abstract List<String> pathCommands();

    @BeforeEach
    void openStores() throws Exception {
        store = newStore();
        store.protocolSink(trace::add);
        other = newOtherClient();
        store.createFolder(BOX);
        append("plain", Set.of());
        append("seen", EnumSet.of(Flag.SEEN));
        append("flagged", EnumSet.of(Flag.FLAGGED, Flag.ANSWERED));
    }

    @AfterEach
    void closeStores() throws Exception {
        store.close();
        other.close();
    }

    static byte[] message(String id) {
        return ("From: Alice <alice@example.org>\r\nTo: bob@example.org\r\nSubject: " + id
                + "\r\nDate: Mon, 2 Mar 2020 10:00:00 +0000\r\nMessage-ID: <" + id + "@example.org>\r\nX-Not-Indexed: " + id
                + "\r\n\r\nbody of " + id + "\r\n").getBytes(StandardCharsets.ISO_8859_1);
    }

    private void append(String id, Set<Flag> flags) throws Exception {
        store.append(BOX, new ByteArrayInputStream(message(id)), flags, null);
    }

    // ------------------------------------------------------------------ scenarios as data

    /** A change another client makes, given the folder's index before it. */
    interface Change {
        void apply(OtherImapClient c, List<MessageMeta> before) throws Exception;
    }

    /** One step of a scenario: a named change. */
    record Step(String name, Change change) {
        @Override
        public String toString() {
            return name;
        }
    }

    static final Step FLAG = new Step("flag the first", (c, b) -> c.setFlag(BOX, b.get(0).key(), Flags.Flag.FLAGGED, true));
    static final Step UNSEE = new Step("clear \\Seen", (c, b) -> {
        for (MessageMeta m : b) {
            if (m.flags().contains(Flag.SEEN)) {
                c.setFlag(BOX, m.key(), Flags.Flag.SEEN, false);
            }
        }
    });
    static final Step SEE_ALL = new Step("set \\Seen on all", (c, b) -> {
        for (MessageMeta m : b) {
            c.setFlag(BOX, m.key(), Flags.Flag.SEEN, true);
        }
    });
    static final Step EXPUNGE_MIDDLE = new Step("expunge the middle", (c, b) -> c.expunge(BOX, b.get(b.size() / 2).key()));
    static final Step EXPUNGE_NEWEST = new Step("expunge the newest", (c, b) -> c.expunge(BOX, b.get(b.size() - 1).key()));
    static final Step EXPUNGE_ALL = new Step("expunge all", (c, b) -> {
        for (MessageMeta m : b) {
            c.expunge(BOX, m.key());
        }
    });
    static final Step APPEND = new Step("append", (c, b) -> c.append(BOX, message("new" + System.nanoTime()), new Flags()));
    static final Step APPEND_FLAGGED = new Step("append flagged", (c, b) -> {
        Flags f = new Flags(Flags.Flag.SEEN);
        f.add(Flags.Flag.DRAFT);
        c.append(BOX, message("draft" + System.nanoTime()), f);
    });
    static final Step RECREATE = new Step("delete and recreate the folder", (c, b) -> {
        c.recreate(BOX);
        c.append(BOX, message("reborn1-" + System.nanoTime()), new Flags());
        c.append(BOX, message("reborn2-" + System.nanoTime()), new Flags(Flags.Flag.SEEN));
    });
    static final Step NOTHING = new Step("nothing", (c, b) -> {
    });
    static final Step FLAG_EXPUNGE_APPEND = new Step("flag, expunge and append at once", (c, b) -> {
        FLAG.change().apply(c, b);
        c.expunge(BOX, b.get(b.size() - 1).key());
        APPEND.change().apply(c, b);
    });

    static Stream<Arguments> scenarios() {
        return Stream.of(
                scenario("nothing changed", NOTHING, NOTHING),
                scenario("a flag set", FLAG),
                scenario("flags cleared and set", UNSEE, SEE_ALL),
                scenario("a message expunged", EXPUNGE_MIDDLE),
                scenario("a message appended", APPEND),
                scenario("appended with flags, then flagged", APPEND_FLAGGED, FLAG),
                scenario("appended, then that one expunged", APPEND, EXPUNGE_NEWEST),
                scenario("folder deleted and recreated", RECREATE),
                scenario("emptied, then refilled", EXPUNGE_ALL, APPEND, APPEND_FLAGGED),
                scenario("combined in one step", FLAG_EXPUNGE_APPEND),
                scenario("everything in turn", FLAG, EXPUNGE_MIDDLE, APPEND, RECREATE, FLAG, APPEND, EXPUNGE_MIDDLE,
                        FLAG_EXPUNGE_APPEND, NOTHING));
    }

    private static Arguments scenario(String name, Step... steps) {
        return Arguments.of(name, List.of(steps));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("scenarios")
    void incrementalIndexEqualsFullIndex(String name, List<Step> steps) throws Exception {
        FolderSnapshot snapshot = store.index(BOX, null);
        assertIsSnapshotOf(snapshot, store.index(BOX), "first index");
        for (Step step : steps) {
            List<MessageMeta> before = snapshot.metas();
            // The store lets go of its selection first (LIST closes it): Dovecot 2.3 can corrupt
            // its index of a Maildir folder deleted and recreated while another session has it
            // selected ("duplicate transaction log sequence", then NO [SERVERBUG] to the next
            // SELECT), which is the server's trouble, not what is tested here.
            store.listFolders(BOX);
            step.change().apply(other, before);
            FolderSnapshot next = store.index(BOX, snapshot);
            List<MessageMeta> full = store.index(BOX);
            assertIsSnapshotOf(next, full, "after " + step);
            if (step == RECREATE && !before.isEmpty() && !full.isEmpty()) {
                assertThat(uidValidity(full.get(0))).as("a recreated folder's UIDVALIDITY").isNotEqualTo(uidValidity(before.get(0)));
            }
            // A second run with nothing changed in between changes nothing.
            FolderSnapshot again = store.index(BOX, next);
            assertIsSnapshotOf(again, full, "again after " + step);
            snapshot = again;
        }
    }

    /** The snapshot lists exactly the full index, each entry stamped with its key's UIDVALIDITY, under an imap/1 validity. */
    static void assertIsSnapshotOf(FolderSnapshot snapshot, List<MessageMeta> full, String when) {
        assertThat(snapshot.metas()).as(when).isEqualTo(full);
        assertThat(snapshot.validity()).as(when).matches("imap/1 \\d+ \\d+ \\d+ (\\d+|-)");
        String[] v = snapshot.validity().split(" ");
        assertThat(Long.parseLong(v[3])).as(when + ": MESSAGES").isEqualTo(full.size());
        for (FolderSnapshot.Entry e : snapshot.entries()) {
            assertThat(e.stamp()).as(when).isEqualTo(Long.toString(uidValidity(e.meta()))).isEqualTo(v[1]);
            assertThat(OtherImapClient.uid(e.meta().key())).as(when).isLessThan(Long.parseLong(v[2]));
        }
    }

    static long uidValidity(MessageMeta m) {
        return Long.parseLong(m.key().substring(0, m.key().indexOf(':')));
    }

    // ------------------------------------------------------------------ snapshots that must not be trusted

    @Test
    void snapshotsThatDoNotValidateAreReadAgain() throws Exception {
        FolderSnapshot good = store.index(BOX, null);
        List<FolderSnapshot.Entry> entries = good.entries();
        String validity = good.validity();
        String[] v = validity.split(" ");
        long uidValidity = Long.parseLong(v[1]);
        List<FolderSnapshot.Entry> reversed = new ArrayList<>(entries);
        Collections.reverse(reversed);
        List<FolderSnapshot.Entry> unstamped = entries.stream().map(e -> new FolderSnapshot.Entry(e.meta(), null)).toList();
        List<FolderSnapshot.Entry> badKey = new ArrayList<>(entries);
        badKey.set(1, new FolderSnapshot.Entry(rekey(entries.get(1).meta(), "garbage"), v[1]));
        List<FolderSnapshot.Entry> fewer = entries.subList(0, entries.size() - 1);
        List<FolderSnapshot.Entry> extra = new ArrayList<>(entries);
        extra.add(new FolderSnapshot.Entry(rekey(entries.get(0).meta(), uidValidity + ":" + 999_999), v[1]));
        List<FolderSnapshot.Entry> otherValidity = entries.stream()
                .map(e -> new FolderSnapshot.Entry(rekey(e.meta(), (uidValidity + 1) + ":" + OtherImapClient.uid(e.meta().key())),
                        Long.toString(uidValidity + 1)))
                .toList();
        String otherValidityText = "imap/1 " + (uidValidity + 1) + " " + v[2] + " " + v[3] + " " + v[4];

        List<FolderSnapshot> broken = new ArrayList<>();
        broken.add(null);
        broken.add(FolderSnapshot.uncached(good.metas()));
        broken.add(new FolderSnapshot("maildir/1 1 2 3", entries));
        broken.add(new FolderSnapshot("imap/1 x", entries));
        broken.add(new FolderSnapshot("imap/2" + validity.substring(6), entries));
        broken.add(new FolderSnapshot(validity, reversed));
        broken.add(new FolderSnapshot(validity, unstamped));
        broken.add(new FolderSnapshot(validity, badKey));
        broken.add(new FolderSnapshot(validity, fewer));
        broken.add(new FolderSnapshot(validity, extra));
        broken.add(new FolderSnapshot(otherValidityText, otherValidity));
        // Counters ahead of the server's: a server restored from a backup.
        broken.add(new FolderSnapshot("imap/1 " + v[1] + " " + (Long.parseLong(v[2]) + 5) + " " + v[3] + " " + v[4], entries));
        // One message changed meanwhile, and the snapshot also lies about its message count.
        other.setFlag(BOX, entries.get(0).meta().key(), Flags.Flag.DRAFT, true);
        broken.add(new FolderSnapshot(validity, fewer));
        broken.add(new FolderSnapshot(validity, extra));

        List<MessageMeta> full = store.index(BOX);
        for (FolderSnapshot b : broken) {
            String what = b == null ? "null" : b.validity() + " with " + b.entries().size() + " entries";
            assertIsSnapshotOf(store.index(BOX, b), full, what);
        }
    }

    private static MessageMeta rekey(MessageMeta m, String key) {
        return new MessageMeta(key, m.size(), m.flags(), m.internalDate(), m.header());
    }

    @Test
    void aMissingFolderIsAnErrorEvenWithASnapshot() throws Exception {
        FolderSnapshot snapshot = store.index(BOX, null);
        assertThatThrownBy(() -> store.index("nowhere", snapshot)).isInstanceOf(FolderNotFoundException.class)
                .hasMessageContaining("nowhere");
        assertThatThrownBy(() -> store.index("nowhere", null)).isInstanceOf(FolderNotFoundException.class);
        store.removeFolder(BOX);
        assertThatThrownBy(() -> store.index(BOX, snapshot)).isInstanceOf(FolderNotFoundException.class);
    }

    /** One flag changed: the expected path runs, and no header is read again. */
    @Test
    void aChangedFlagIsReadWithoutHeaders() throws Exception {
        FolderSnapshot snapshot = store.index(BOX, null);
        other.setFlag(BOX, snapshot.metas().get(1).key(), Flags.Flag.FLAGGED, true);
        trace.clear();
        FolderSnapshot next = store.index(BOX, snapshot);
        List<String> commands = commands(trace);
        assertThat(next.metas().get(1).flags()).contains(Flag.FLAGGED);
        assertThat(commands).as("commands: %s", commands).noneMatch(c -> c.contains("BODY.PEEK") || c.contains("RFC822.SIZE"));
        for (String path : pathCommands()) {
            assertThat(commands).as("commands: %s", commands).anyMatch(c -> c.matches(path));
        }
        // Identical header bytes, reused rather than fetched.
        for (int i = 0; i < next.entries().size(); i++) {
            assertThat(next.metas().get(i).header()).isSameAs(snapshot.metas().get(i).header());
        }
    }

    /**
     * After a catch-up (on Dovecot: ENABLE QRESYNC, after which the server reports expunges as
     * VANISHED instead of EXPUNGE for the rest of the connection, RFC 7162 section 3.2.10), the
     * store's other verbs work on the same connection, and the next incremental index sees
     * what they did.
     */
    @Test
    void theOtherVerbsKeepWorkingAfterACatchUp() throws Exception {
        FolderSnapshot snapshot = store.index(BOX, null);
        other.setFlag(BOX, snapshot.metas().get(0).key(), Flags.Flag.SEEN, true);
        snapshot = store.index(BOX, snapshot);
        String gone = snapshot.metas().get(1).key();
        store.delete(BOX, List.of(gone));
        String added = store.append(BOX, new ByteArrayInputStream(message("added")), EnumSet.of(Flag.ANSWERED), null);
        try (var in = store.open(BOX, snapshot.metas().get(2).key())) {
            assertThat(new String(in.readAllBytes(), StandardCharsets.ISO_8859_1)).contains("body of flagged");
        }
        FolderSnapshot next = store.index(BOX, snapshot);
        List<MessageMeta> full = store.index(BOX);
        assertIsSnapshotOf(next, full, "after delete and append through the store");
        assertThat(full).extracting(MessageMeta::key).doesNotContain(gone).contains(added);
        assertIsSnapshotOf(store.index(BOX, next), full, "again");
    }

    private static final Pattern COMMAND = Pattern.compile("^[A-Z]+\\d+ (.+)$");

    /** The commands the client sent, without tags, from a {@code /debug} trace (Angus tags: A1, B12, ...). */
    static List<String> commands(List<String> trace) {
        List<String> out = new ArrayList<>();
        for (String line : trace) {
            Matcher m = COMMAND.matcher(line);
            if (m.matches() && !m.group(1).matches("(OK|NO|BAD|BYE)\\b.*")) {
                out.add(m.group(1));
            }
        }
        return out;
    }
}
