package org.mailsync.store.imap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.mailsync.store.imap.IncrementalIndexContract.assertIsSnapshotOf;
import static org.mailsync.store.imap.IncrementalIndexContract.message;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;

import jakarta.mail.Flags;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.mailsync.store.FolderSnapshot;
import org.mailsync.store.MessageMeta;
import org.mailsync.store.StoreException;

/**
 * After the incremental index has enabled QRESYNC on the store's connection, Dovecot reports
 * every expunge on it as {@code * VANISHED uid-set} instead of {@code * n EXPUNGE} (RFC 7162
 * section 3.2.10): the answer to our own UID EXPUNGE, and another client's expunges, which
 * arrive with whatever command we send next. Angus Mail 2.0.5 cannot take a VANISHED naming
 * more than one UID (a NullPointerException) nor one naming a message it never asked about (its
 * message numbers go wrong); the store's verbs must stay exact on that connection all the same.
 */
class VanishedResponsesIT {

    private static final String BOX = "box";

    @RegisterExtension
    static final DovecotExtension DOVECOT = DovecotExtension.shared();

    private final List<String> trace = new CopyOnWriteArrayList<>();
    private ImapStore store;
    private OtherImapClient other;
    /** The keys of m0..m7 in box, in UID order. */
    private final List<String> keys = new ArrayList<>();

    @BeforeEach
    void openStores() throws Exception {
        String user = DOVECOT.newUser();
        store = DOVECOT.store(user, "/notls/debug", "dovecot");
        store.protocolSink(trace::add);
        other = DOVECOT.otherClient(user);
        store.createFolder(BOX);
        for (int i = 0; i < 8; i++) {
            keys.add(store.append(BOX, new ByteArrayInputStream(message("m" + i)), Set.of(), null));
        }
    }

    @AfterEach
    void closeStores() throws Exception {
        store.close();
        other.close();
    }

    /** An incremental index that took the QRESYNC path, leaving box EXAMINEd with QRESYNC enabled. */
    private FolderSnapshot caughtUpWithQresync() throws Exception {
        FolderSnapshot first = store.index(BOX, null);
        other.setFlag(BOX, keys.get(0), Flags.Flag.FLAGGED, true);
        trace.clear();
        FolderSnapshot next = store.index(BOX, first);
        assertThat(commands()).as("commands").contains("ENABLE QRESYNC")
                .anyMatch(c -> c.matches("EXAMINE \"?box\"? \\(QRESYNC \\(\\d+ \\d+\\)\\)"));
        assertIsSnapshotOf(next, store.index(BOX), "the QRESYNC catch-up");
        return next;
    }

    @Test
    void deletingSeveralMessagesAfterAQresyncCatchUpRemovesExactlyThem() throws Exception {
        FolderSnapshot snapshot = caughtUpWithQresync();
        List<String> gone = List.of(keys.get(1), keys.get(2), keys.get(5));
        trace.clear();
        store.delete(BOX, gone);
        assertThat(vanished()).as("the server's answer to UID EXPUNGE: %s", trace).isNotEmpty();
        assertThat(commands()).as("commands").contains("UID EXPUNGE " + uidSet(gone)).doesNotContain("EXPUNGE");

        // The other verbs, on the same connection.
        String added = store.append(BOX, new ByteArrayInputStream(message("added")), Set.of(), null);
        assertThat(read(keys.get(3))).contains("body of m3");
        assertThat(read(added)).contains("body of added");
        assertThat(read(keys.get(6))).contains("body of m6");
        FolderSnapshot next = store.index(BOX, snapshot);
        List<MessageMeta> full = store.index(BOX);
        assertIsSnapshotOf(next, full, "after the deletion");
        assertThat(full).extracting(MessageMeta::key).containsExactly(keys.get(0), keys.get(3), keys.get(4), keys.get(6),
                keys.get(7), added);

        // All or nothing still: one key already gone, nothing is deleted.
        assertThatThrownBy(() -> store.delete(BOX, List.of(keys.get(3), keys.get(1)))).isInstanceOf(StoreException.class)
                .hasMessageContaining("not deleting anything").hasMessageContaining(keys.get(1));
        assertThat(store.index(BOX)).extracting(MessageMeta::key).contains(keys.get(3));

        // And a second deletion in the same selection.
        store.delete(BOX, List.of(keys.get(3), keys.get(4)));
        FolderSnapshot last = store.index(BOX, next);
        full = store.index(BOX);
        assertIsSnapshotOf(last, full, "after the second deletion");
        assertThat(full).extracting(MessageMeta::key).containsExactly(keys.get(0), keys.get(6), keys.get(7), added);
    }

    @Test
    void anotherClientsExpungesArrivingDuringOurCommandsAreFollowed() throws Exception {
        FolderSnapshot snapshot = caughtUpWithQresync();
        assertThat(read(keys.get(1))).contains("body of m1"); // the selection now knows m1's UID, not m2's or m3's
        other.expunge(BOX, List.of(keys.get(1), keys.get(2), keys.get(3)));
        trace.clear();
        // The VANISHED for m1..m3 arrives with the UID FETCH that looks m6 up.
        assertThat(read(keys.get(6))).contains("body of m6");
        assertThat(vanished()).as("trace: %s", trace).isNotEmpty();
        assertThat(read(keys.get(7))).contains("body of m7");
        assertThat(read(keys.get(4))).contains("body of m4");

        // In a read-write selection, during a deletion of our own: only our message goes.
        store.delete(BOX, List.of(keys.get(4)));
        other.expunge(BOX, List.of(keys.get(5), keys.get(6)));
        trace.clear();
        store.delete(BOX, List.of(keys.get(7)));
        assertThat(vanished()).as("trace: %s", trace).hasSizeGreaterThanOrEqualTo(1);
        assertThat(commands()).as("commands").contains("UID EXPUNGE " + uidSet(List.of(keys.get(7))));

        // Angus' liveness NOOP on a selection quiet for a second is where the next one arrives,
        // naming a message the selection never asked about while it knows a later one.
        String added = store.append(BOX, new ByteArrayInputStream(message("added")), Set.of(), null);
        assertThat(read(added)).contains("body of added");
        other.append(BOX, message("theirs"), new Flags());
        other.expunge(BOX, List.of(keys.get(0)));
        Thread.sleep(1_100);
        trace.clear();
        assertThat(read(added)).contains("body of added");
        assertThat(commands()).as("commands").contains("NOOP");
        assertThat(vanished()).as("trace: %s", trace).isNotEmpty();
        List<MessageMeta> full = store.index(BOX);
        assertThat(full).hasSize(2);
        assertThat(full.get(0).key()).isEqualTo(added);
        assertThat(read(full.get(1).key())).contains("body of theirs");
        assertIsSnapshotOf(store.index(BOX, snapshot), full, "after all that");
    }

    /** The message's text, read through the store. */
    private String read(String key) throws Exception {
        try (InputStream in = store.open(BOX, key)) {
            return new String(in.readAllBytes(), StandardCharsets.ISO_8859_1);
        }
    }

    /** The untagged VANISHED responses (not the EARLIER ones of a QRESYNC EXAMINE) the store received. */
    private List<String> vanished() {
        return trace.stream().filter(l -> l.matches("\\* VANISHED \\d.*")).toList();
    }

    private List<String> commands() {
        return IncrementalIndexContract.commands(trace);
    }

    private static String uidSet(List<String> keys) {
        return ImapKey.uidSet(keys.stream().mapToLong(OtherImapClient::uid).sorted().toArray());
    }
}
