package org.mailsync.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.mailsync.store.local.EquivalentIndexes.assertEquivalent;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mailsync.mail.HeaderBlock;

/**
 * What every {@link MailStore} must do with flags and keywords: keep those a message is appended
 * with, and change them by delta ({@link MailStore#changeFlags}) leaving everything else of the
 * message as it was, so that its index, full or incremental, shows exactly the new state. Each
 * kind of store runs it through a subclass named {@code <Kind>FlagChangesTest} (or {@code ...IT}
 * against a real server).
 *
 * <p>The keywords used ({@code Work}, {@code todo}, {@code Later}) are ones every store can
 * keep, MH sequence names included; kind-specific limits are tested beside each store.
 */
public abstract class FlagChangesContract {

    @TempDir
    protected Path dir;

    protected MailStore store;

    /** The store contract whose stores these tests run on, or null when the subclass makes its own. */
    private final MailStoreContract stores;

    /** Tests on the stores of a subclass that overrides {@link #newStore}. */
    protected FlagChangesContract() {
        this(null);
    }

    /** Tests on the same stores as that store contract, made and settled as it does. */
    protected FlagChangesContract(MailStoreContract stores) {
        this.stores = stores;
    }

    /** A fresh, empty store keeping its folders below {@code dir}. */
    protected MailStore newStore(Path dir) throws Exception {
        return stores.newStore(dir);
    }

    /** Waits until changes are old enough for a snapshot to vouch for them (see {@link MailStoreContract}). */
    protected void letChangesSettle() throws Exception {
        if (stores != null) {
            stores.letChangesSettle();
        }
    }

    /** The folder the tests use; created before each test. */
    protected String folder() {
        return "box";
    }

    @BeforeEach
    void openStore() throws Exception {
        store = newStore(dir);
        store.createFolder(folder());
    }

    @AfterEach
    void closeStore() {
        store.close();
    }

    private static byte[] message(String id) {
        return ("From: a@example.org\nTo: b@example.org\nSubject: " + id + "\nMessage-ID: <" + id + "@example.org>\n"
                + "\nbody of " + id + "\nFrom the start of a line\n").getBytes(StandardCharsets.ISO_8859_1);
    }

    private void append(String id, Set<Flag> flags, Set<String> keywords) throws StoreException {
        store.append(folder(), new ByteArrayInputStream(message(id)), flags, keywords, null);
    }

    /** The index by Message-ID: keys may change with a flag change (an mbox is rewritten). */
    private Map<String, MessageMeta> byId() throws StoreException {
        Map<String, MessageMeta> out = new LinkedHashMap<>();
        for (MessageMeta meta : store.index(folder())) {
            out.put(HeaderBlock.parse(meta.header()).first("Message-ID").strip(), meta);
        }
        return out;
    }

    private MessageMeta meta(String id) throws StoreException {
        return byId().get("<" + id + "@example.org>");
    }

    private byte[] read(MessageMeta meta) throws Exception {
        try (InputStream in = store.open(folder(), meta.key())) {
            return in.readAllBytes();
        }
    }

    private static FlagChange change(Set<Flag> add, Set<Flag> remove, Set<String> addKeywords, Set<String> removeKeywords) {
        return new FlagChange(add, remove, addKeywords, removeKeywords);
    }

    @Test
    void appendedFlagsAndKeywordsAreIndexed() throws Exception {
        append("a", EnumSet.of(Flag.SEEN, Flag.FLAGGED), Set.of("Work", "todo"));
        append("b", Set.of(), Set.of("Later"));
        append("c", EnumSet.of(Flag.ANSWERED), Set.of());
        assertThat(meta("a").flags()).containsExactlyInAnyOrder(Flag.SEEN, Flag.FLAGGED);
        assertThat(meta("a").keywords()).containsExactlyInAnyOrder("Work", "todo");
        assertThat(meta("b").flags()).isEmpty();
        assertThat(meta("b").keywords()).containsExactly("Later");
        assertThat(meta("c").flags()).containsExactly(Flag.ANSWERED);
        assertThat(meta("c").keywords()).isEmpty();
    }

    @Test
    void aChangeSetsAndClearsExactlyWhatItNames() throws Exception {
        append("a", EnumSet.of(Flag.SEEN, Flag.ANSWERED), Set.of("Work", "todo"));
        store.changeFlags(folder(), Map.of(meta("a").key(),
                change(EnumSet.of(Flag.FLAGGED), EnumSet.of(Flag.SEEN), Set.of("Later"), Set.of("TODO"))));
        MessageMeta after = meta("a");
        assertThat(after.flags()).containsExactlyInAnyOrder(Flag.ANSWERED, Flag.FLAGGED);
        assertThat(after.keywords()).containsExactlyInAnyOrder("Work", "Later");

        // Setting what is set and clearing what is clear changes nothing.
        store.changeFlags(folder(), Map.of(after.key(),
                change(EnumSet.of(Flag.FLAGGED), EnumSet.of(Flag.DRAFT), Set.of("work"), Set.of("todo"))));
        assertThat(meta("a").flags()).containsExactlyInAnyOrder(Flag.ANSWERED, Flag.FLAGGED);
        assertThat(meta("a").keywords()).containsExactlyInAnyOrder("Work", "Later");

        // Back to nothing at all, and a seen message made unseen again.
        store.changeFlags(folder(), Map.of(meta("a").key(), change(EnumSet.of(Flag.SEEN, Flag.DRAFT),
                EnumSet.of(Flag.ANSWERED, Flag.FLAGGED), Set.of(), Set.of("Work", "Later"))));
        assertThat(meta("a").flags()).containsExactlyInAnyOrder(Flag.SEEN, Flag.DRAFT);
        assertThat(meta("a").keywords()).isEmpty();
        store.changeFlags(folder(), Map.of(meta("a").key(), change(Set.of(), EnumSet.of(Flag.SEEN, Flag.DRAFT), Set.of(), Set.of())));
        assertThat(meta("a").flags()).isEmpty();
    }

    @Test
    void aBatchChangesEachMessageByItsOwnDelta() throws Exception {
        append("a", Set.of(), Set.of());
        append("b", EnumSet.of(Flag.SEEN), Set.of("Work"));
        append("c", EnumSet.of(Flag.SEEN), Set.of());
        append("d", EnumSet.of(Flag.DRAFT), Set.of("todo"));
        FlagChange seenAndWork = change(EnumSet.of(Flag.SEEN), Set.of(), Set.of("Work"), Set.of());
        Map<String, FlagChange> batch = new LinkedHashMap<>();
        batch.put(meta("a").key(), seenAndWork);
        batch.put(meta("c").key(), seenAndWork); // same delta: one command on IMAP
        batch.put(meta("b").key(), change(EnumSet.of(Flag.ANSWERED), EnumSet.of(Flag.SEEN), Set.of(), Set.of("Work")));
        store.changeFlags(folder(), batch);

        assertThat(meta("a").flags()).containsExactly(Flag.SEEN);
        assertThat(meta("a").keywords()).containsExactly("Work");
        assertThat(meta("b").flags()).containsExactly(Flag.ANSWERED);
        assertThat(meta("b").keywords()).isEmpty();
        assertThat(meta("c").flags()).containsExactly(Flag.SEEN);
        assertThat(meta("c").keywords()).containsExactly("Work");
        assertThat(meta("d").flags()).containsExactly(Flag.DRAFT);
        assertThat(meta("d").keywords()).containsExactly("todo");
        assertThat(byId()).hasSize(4);
    }

    @Test
    void anUnknownOrStaleKeyIsRefusedAndNothingChanges() throws Exception {
        append("a", Set.of(), Set.of());
        append("gone", Set.of(), Set.of());
        String a = meta("a").key();
        String gone = meta("gone").key();
        store.delete(folder(), List.of(gone));
        FlagChange flag = change(EnumSet.of(Flag.FLAGGED), Set.of(), Set.of("Work"), Set.of());

        for (String bad : List.of(gone, "no-such-key-42")) {
            Map<String, FlagChange> batch = new LinkedHashMap<>();
            batch.put(a, flag);
            batch.put(bad, flag);
            assertThatThrownBy(() -> store.changeFlags(folder(), batch)).isInstanceOf(StoreException.class)
                    .hasMessageContaining(bad);
            assertThat(meta("a").flags()).isEmpty();
            assertThat(meta("a").keywords()).isEmpty();
        }
        assertThat(byId()).hasSize(1);
    }

    @Test
    void anIncrementalIndexAfterAChangeEqualsAFullOne() throws Exception {
        append("a", EnumSet.of(Flag.SEEN), Set.of("Work"));
        append("b", Set.of(), Set.of());
        append("c", EnumSet.of(Flag.FLAGGED), Set.of("todo"));
        letChangesSettle();
        FolderSnapshot before = store.index(folder(), null);
        letChangesSettle();
        assertEquivalent(store.index(folder(), before).metas(), store.index(folder()));

        Map<String, FlagChange> batch = new LinkedHashMap<>();
        batch.put(meta("a").key(), change(Set.of(), EnumSet.of(Flag.SEEN), Set.of(), Set.of("Work")));
        batch.put(meta("b").key(), change(EnumSet.of(Flag.ANSWERED), Set.of(), Set.of("Later"), Set.of()));
        store.changeFlags(folder(), batch);

        FolderSnapshot after = store.index(folder(), before);
        assertEquivalent(after.metas(), store.index(folder()));
        assertThat(after.metas()).extracting(MessageMeta::keywords)
                .containsExactly(Set.of(), Set.of("Later"), Set.of("todo"));
        letChangesSettle();
        assertEquivalent(store.index(folder(), after).metas(), store.index(folder()));
    }

    @Test
    void aChangeLeavesTheMessageBytesAsTheyWere() throws Exception {
        append("a", EnumSet.of(Flag.SEEN), Set.of("Work"));
        append("b", Set.of(), Set.of());
        byte[] a = read(meta("a"));
        byte[] b = read(meta("b"));
        Instant date = meta("a").internalDate();
        store.changeFlags(folder(), Map.of(meta("a").key(),
                change(EnumSet.of(Flag.FLAGGED, Flag.ANSWERED), EnumSet.of(Flag.SEEN), Set.of("todo", "Later"), Set.of("Work"))));
        assertThat(read(meta("a"))).isEqualTo(a);
        assertThat(read(meta("b"))).isEqualTo(b);
        assertThat(meta("a").internalDate()).isEqualTo(date);
    }
}
