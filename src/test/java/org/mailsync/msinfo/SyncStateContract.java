package org.mailsync.msinfo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.AbstractMap;
import java.util.EnumSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.Test;
import org.mailsync.store.Flag;
import org.mailsync.store.FolderSnapshot;
import org.mailsync.store.MessageMeta;
import org.mailsync.sync.FlagState;
import org.mailsync.sync.RememberedFlags;
import org.mailsync.sync.Side;

/**
 * What every {@link SyncState} must do, whatever keeps it: the semantics the planner and the
 * route rely on, proved against each implementation by a subclass (SQLite:
 * {@code SqliteSyncStateContractTest}; PostgreSQL: {@code PostgresSyncStateContractIT}).
 * What only one implementation has (SQLite's file handling and recovery, the legacy import,
 * PostgreSQL's lock) is tested beside it, not here.
 *
 * <p>Each test starts on an empty store of its own; {@link #open} may be called again after a
 * close to see what was kept.
 */
public abstract class SyncStateContract {

    /** A writable state of this test's store for a channel (one at a time per channel). */
    protected abstract SyncState open(String channel) throws Exception;

    /** A read-only state of this test's store for a channel. */
    protected abstract SyncState openReadOnly(String channel) throws Exception;

    static final FlagState SEEN_JUNK = new FlagState(EnumSet.of(Flag.SEEN), Set.of("$Junk"));
    static final FlagState FLAGGED = new FlagState(EnumSet.of(Flag.FLAGGED, Flag.ANSWERED), Set.of("Work"));

    @Test
    void aNewStoreReadsEmptyEvenReadOnly() throws Exception {
        try (SyncState state = openReadOnly("c")) {
            assertThat(state.boxnames("c")).isEmpty();
            assertThat(state.load("c", "INBOX")).isEmpty();
            assertThat(state.loadWithFlags("c", "INBOX")).isEmpty();
            assertThat(state.deletions("c", null)).isEmpty();
            assertThat(state.msinfoVersion("c", "INBOX")).isEqualTo(new PairVersion("", 0));
        }
    }

    @Test
    void identitiesWithEachSidesFlagsReadBackAfterReopening() throws Exception {
        Map<String, RememberedFlags> ids = new LinkedHashMap<>();
        ids.put("<a@x>", new RememberedFlags(SEEN_JUNK, FLAGGED));
        ids.put("<b@x>", new RememberedFlags(FlagState.none(), FlagState.none()));
        ids.put("<c@x>", new RememberedFlags(SEEN_JUNK, null));
        ids.put("<d@x>", RememberedFlags.unknown());
        try (SyncState state = open("c")) {
            state.replaceWithFlags("c", "INBOX", ids);
        }
        try (SyncState state = openReadOnly("c")) {
            Map<String, RememberedFlags> read = state.loadWithFlags("c", "INBOX");
            assertThat(read).containsOnlyKeys("<a@x>", "<b@x>", "<c@x>", "<d@x>");
            assertThat(read.get("<a@x>").a().sameAs(SEEN_JUNK)).isTrue();
            assertThat(read.get("<a@x>").b().sameAs(FLAGGED)).isTrue();
            assertThat(read.get("<b@x>").known()).as("no flags is known, not unknown").isTrue();
            assertThat(read.get("<b@x>").a().flags()).isEmpty();
            assertThat(read.get("<c@x>").b()).as("one side unknown (NULL)").isNull();
            assertThat(read.get("<d@x>")).isEqualTo(RememberedFlags.unknown());
            assertThat(state.load("c", "INBOX")).containsExactlyInAnyOrder("<a@x>", "<b@x>", "<c@x>", "<d@x>");
        }
    }

    @Test
    void identitiesWrittenWithoutFlagsHaveUnknownFlags() throws Exception {
        try (SyncState state = open("c")) {
            state.replace("c", "INBOX", Set.of("<a@x>"));
            assertThat(state.loadWithFlags("c", "INBOX")).containsExactly(Map.entry("<a@x>", RememberedFlags.unknown()));
        }
    }

    @Test
    void aReplaceReplacesThePairWholeAndNoOtherPair() throws Exception {
        try (SyncState state = open("c")) {
            state.replace("c", "INBOX", Set.of("1", "2", "3"));
            state.replace("c", "Sent", Set.of("s"));
            state.replace("c", "INBOX", Set.of("3", "4"));
            assertThat(state.load("c", "INBOX")).containsExactlyInAnyOrder("3", "4");
            assertThat(state.load("c", "Sent")).containsExactly("s");
            state.replace("c", "INBOX", Set.of());
            assertThat(state.load("c", "INBOX")).isEmpty();
            assertThat(state.boxnames("c")).as("an empty pair is still a synced pair").containsExactly("INBOX", "Sent");
        }
    }

    @Test
    void aKeptIdentitysFlagsAreReplacedToo() throws Exception {
        try (SyncState state = open("c")) {
            state.replaceWithFlags("c", "INBOX", Map.of("m", new RememberedFlags(SEEN_JUNK, SEEN_JUNK), "n",
                    new RememberedFlags(FLAGGED, FLAGGED)));
            state.replaceWithFlags("c", "INBOX", Map.of("m", new RememberedFlags(FLAGGED, SEEN_JUNK), "n",
                    RememberedFlags.unknown()));
            Map<String, RememberedFlags> read = state.loadWithFlags("c", "INBOX");
            assertThat(read.get("m").a().sameAs(FLAGGED)).isTrue();
            assertThat(read.get("m").b().sameAs(SEEN_JUNK)).isTrue();
            assertThat(read.get("n")).as("known flags can become unknown").isEqualTo(RememberedFlags.unknown());
        }
    }

    @Test
    void boxnamesAreTheChannelsSyncedPairsInOrder() throws Exception {
        try (SyncState state = open("c")) {
            state.replace("c", "work/b", Set.of("1"));
            state.replace("c", "INBOX", Set.of("2"));
            state.replace("c", "work/a", Set.of());
            assertThat(state.boxnames("c")).containsExactly("INBOX", "work/a", "work/b");
        }
    }

    @Test
    void forgettingAPairDropsItAndItsIdentitiesOnly() throws Exception {
        try (SyncState state = open("c")) {
            state.replace("c", "INBOX", Set.of("1"));
            state.replace("c", "old", Set.of("2"));
            state.forget("c", "old");
            state.forget("c", "never-synced");
        }
        try (SyncState state = open("c")) {
            assertThat(state.boxnames("c")).containsExactly("INBOX");
            assertThat(state.load("c", "old")).isEmpty();
            assertThat(state.load("c", "INBOX")).containsExactly("1");
        }
    }

    @Test
    void channelsDoNotSeeEachOthersPairs() throws Exception {
        try (SyncState state = open("one")) {
            state.replace("one", "INBOX", Set.of("1"));
        }
        try (SyncState state = open("two")) {
            state.replace("two", "INBOX", Set.of("2"));
            state.forget("two", "INBOX");
            assertThat(state.boxnames("two")).isEmpty();
            assertThat(state.rememberedElsewhere("two", "Other", Set.of("1"))).isEmpty();
        }
        try (SyncState state = openReadOnly("one")) {
            assertThat(state.load("one", "INBOX")).containsExactly("1");
            assertThat(state.boxnames("one")).containsExactly("INBOX");
        }
    }

    @Test
    void replacingAChannelReplacesEveryPairOfItWithUnknownFlags() throws Exception {
        try (SyncState state = open("c")) {
            state.replaceWithFlags("c", "gone", Map.of("g", new RememberedFlags(SEEN_JUNK, SEEN_JUNK)));
            state.replace("other", "INBOX", Set.of("o"));
            state.replaceChannel("c", Map.of("INBOX", Set.of("1", "2"), "Sent", List.of("s")));
            assertThat(state.boxnames("c")).containsExactly("INBOX", "Sent");
            assertThat(state.load("c", "INBOX")).containsExactlyInAnyOrder("1", "2");
            assertThat(state.loadWithFlags("c", "Sent")).containsExactly(Map.entry("s", RememberedFlags.unknown()));
            assertThat(state.load("other", "INBOX")).containsExactly("o");
        }
    }

    @Test
    void theMsinfoVersionChangesWithEveryWriteAndCountsIdentities() throws Exception {
        try (SyncState state = open("c")) {
            assertThat(state.msinfoVersion("c", "INBOX")).isEqualTo(new PairVersion("", 0));
            state.replace("c", "INBOX", Set.of("1", "2"));
            PairVersion first = state.msinfoVersion("c", "INBOX");
            assertThat(first.identities()).isEqualTo(2);
            state.replace("c", "INBOX", Set.of("3", "4"));
            PairVersion second = state.msinfoVersion("c", "INBOX");
            assertThat(second.identities()).isEqualTo(2);
            assertThat(second.stamp()).as("same count, new write").isNotEqualTo(first.stamp());
            assertThat(state.msinfoVersion("c", "INBOX")).as("reads change nothing").isEqualTo(second);
        }
    }

    @Test
    void rememberedElsewhereNamesTheOtherPairsWithTheirFlags() throws Exception {
        try (SyncState state = open("c")) {
            state.replaceWithFlags("c", "INBOX", Map.of("m", new RememberedFlags(SEEN_JUNK, FLAGGED)));
            state.replaceWithFlags("c", "Archive", Map.of("m", RememberedFlags.unknown(), "n",
                    new RememberedFlags(FlagState.none(), FlagState.none())));
            state.replace("other", "Elsewhere", Set.of("m"));
            Map<String, Map<String, RememberedFlags>> found = state.rememberedElsewhere("c", "INBOX", Set.of("m", "n", "x"));
            assertThat(found).containsOnlyKeys("m", "n");
            assertThat(found.get("m")).containsOnlyKeys("Archive").containsEntry("Archive", RememberedFlags.unknown());
            assertThat(found.get("n").get("Archive").known()).isTrue();
            Map<String, Map<String, RememberedFlags>> fromArchive = state.rememberedElsewhere("c", "Archive", Set.of("m"));
            assertThat(fromArchive.get("m")).containsOnlyKeys("INBOX");
            assertThat(fromArchive.get("m").get("INBOX").a().sameAs(SEEN_JUNK)).isTrue();
            assertThat(state.rememberedElsewhere("c", "INBOX", Set.of())).isEmpty();
        }
    }

    @Test
    void aWriteThatFailsHalfWayLeavesThePreviousRecord() throws Exception {
        try (SyncState state = open("c")) {
            state.replace("c", "INBOX", Set.of("old1", "old2"));
            PairVersion before = state.msinfoVersion("c", "INBOX");
            assertThatThrownBy(() -> state.replaceWithFlags("c", "INBOX", failingAfter(2)))
                    .isInstanceOf(IllegalStateException.class).hasMessageContaining("crash");
            assertThat(state.load("c", "INBOX")).containsExactlyInAnyOrder("old1", "old2");
            assertThat(state.msinfoVersion("c", "INBOX")).isEqualTo(before);
            state.replace("c", "INBOX", Set.of("new"));
            assertThat(state.load("c", "INBOX")).as("the state stays usable").containsExactly("new");
        }
        try (SyncState state = openReadOnly("c")) {
            assertThat(state.load("c", "INBOX")).containsExactly("new");
        }
    }

    @Test
    void aNewPairWhoseFirstWriteFailsIsNotRecorded() throws Exception {
        try (SyncState state = open("c")) {
            assertThatThrownBy(() -> state.replaceWithFlags("c", "New", failingAfter(1))).isInstanceOf(IllegalStateException.class);
            assertThat(state.boxnames("c")).isEmpty();
        }
    }

    @Test
    void theDeletionLogAnswersByRunSinceAndBefore() throws Exception {
        Instant run1 = Instant.parse("2026-11-01T10:00:00.250Z");
        Instant run2 = Instant.parse("2026-11-20T10:00:00Z");
        try (SyncState state = open("c")) {
            state.logDeletions(List.of(record("r1", run1, "c", "INBOX", "<1@x>", "k1"), record("r1", run1, "c", "Sent", "<2@x>", null)));
            state.logDeletions(List.of(record("r2", run2, "c", "INBOX", "<3@x>", "k3")));
            state.logDeletions(List.of(record("r9", run2.plusSeconds(60), "other", "INBOX", "<9@x>", "k9")));
        }
        try (SyncState state = open("c")) {
            List<DeletionRecord> latest = state.deletions("c", null);
            assertThat(latest).extracting(DeletionRecord::identity).containsExactly("<3@x>");
            DeletionRecord three = latest.get(0);
            assertThat(three.id()).isPositive();
            assertThat(three.runAt()).isEqualTo(run2);
            assertThat(three.side()).isEqualTo(Side.B);
            assertThat(three.flags().sameAs(SEEN_JUNK)).isTrue();
            assertThat(three.internalDate()).isEqualTo(Instant.parse("2026-10-01T08:00:00Z"));
            assertThat(three.trashKey()).isEqualTo("k3");
            assertThat(state.deletions("c", run1)).extracting(DeletionRecord::identity).containsExactly("<1@x>", "<2@x>", "<3@x>");
            assertThat(state.deletions("c", run1.plusMillis(1))).extracting(DeletionRecord::identity).containsExactly("<3@x>");
            assertThat(state.deletions("c", run1).get(1).trashKey()).isNull();
            assertThat(state.deletions("c", run1).get(0).runAt()).as("kept to the millisecond").isEqualTo(run1);
            List<DeletionRecord> old = state.deletionsBefore("c", run2);
            assertThat(old).extracting(DeletionRecord::identity).containsExactly("<1@x>", "<2@x>");
            state.forgetDeletions(old.stream().map(DeletionRecord::id).toList());
            assertThat(state.deletions("c", Instant.EPOCH)).extracting(DeletionRecord::identity).containsExactly("<3@x>");
            assertThat(state.deletions("other", null)).extracting(DeletionRecord::identity).containsExactly("<9@x>");
        }
    }

    @Test
    void theIndexCacheReadsBackWithEveryField() throws Exception {
        CachedIndex kept = new CachedIndex(new FolderSnapshot("maildir/1", List.of(
                entry("k2", "s2", 120, EnumSet.of(Flag.SEEN, Flag.FLAGGED), Instant.ofEpochSecond(1_700_000_000, 123_456_789),
                        Set.of()),
                entry("k1", null, 0, EnumSet.noneOf(Flag.class), null, Set.of()),
                entry("k3", "s3", 7, EnumSet.of(Flag.ANSWERED), null, Set.of("$Forwarded", "Work", "odd name", "100%")))),
                Map.of("k2", "abc"));
        try (SyncState state = open("c")) {
            assertThat(state.loadIndex("local /x", "INBOX")).isNull();
            state.saveIndex("local /x", "INBOX", kept);
        }
        try (SyncState state = open("c")) {
            assertThat(state.loadIndex("local /x", "INBOX")).isEqualTo(kept);
            assertThat(state.loadIndex("local /y", "INBOX")).isNull();
            assertThat(state.loadIndex("local /x", "other")).isNull();
            CachedIndex next = new CachedIndex(new FolderSnapshot("maildir/2", List.of(kept.snapshot().entries().get(2))), Map.of());
            state.saveIndex("local /x", "INBOX", next);
            assertThat(state.loadIndex("local /x", "INBOX")).isEqualTo(next);
        }
    }

    @Test
    void theIndexCacheReadsBackAfterEveryKindOfChange() throws Exception {
        FolderSnapshot.Entry a = entry("a", "sa", 1, EnumSet.of(Flag.SEEN), null, Set.of());
        FolderSnapshot.Entry b = entry("b", "sb", 2, EnumSet.noneOf(Flag.class), Instant.ofEpochSecond(5), Set.of("x"));
        FolderSnapshot.Entry c = entry("c", null, 3, EnumSet.of(Flag.DRAFT), null, Set.of());
        FolderSnapshot.Entry bFlagged = entry("b", "sb2", 2, EnumSet.of(Flag.FLAGGED), Instant.ofEpochSecond(5), Set.of("x", "y"));
        FolderSnapshot.Entry d = entry("d", "sd", 4, EnumSet.noneOf(Flag.class), null, Set.of());
        List<CachedIndex> steps = List.of(
                new CachedIndex(new FolderSnapshot("v1", List.of(a, b, c)), Map.of("c", "digest-c")),
                // one removed, one changed, one added at the end, a digest added
                new CachedIndex(new FolderSnapshot("v1", List.of(bFlagged, c, d)), Map.of("c", "digest-c", "d", "digest-d")),
                // the order changed: written anew
                new CachedIndex(new FolderSnapshot("v2", List.of(d, a, c)), Map.of()),
                new CachedIndex(new FolderSnapshot("v2", List.of()), Map.of()));
        for (CachedIndex step : steps) {
            try (SyncState state = open("c")) {
                state.loadIndex("s", "INBOX");
                state.saveIndex("s", "INBOX", step);
                assertThat(state.loadIndex("s", "INBOX")).isEqualTo(step);
            }
            try (SyncState state = open("c")) {
                assertThat(state.loadIndex("s", "INBOX")).as("after reopening").isEqualTo(step);
            }
        }
    }

    @Test
    void aSettledPairIsRememberedUntilForgotten() throws Exception {
        try (SyncState state = open("c")) {
            assertThat(state.loadSettled("c", "INBOX")).isNull();
            state.saveSettled("c", "INBOX", "digest-1");
            state.saveSettled("c", "INBOX", "digest-2");
        }
        try (SyncState state = open("c")) {
            assertThat(state.loadSettled("c", "INBOX")).isEqualTo("digest-2");
            assertThat(state.loadSettled("c", "Sent")).isNull();
            state.saveSettled("c", "INBOX", null);
            assertThat(state.loadSettled("c", "INBOX")).isNull();
        }
    }

    @Test
    void aReadOnlyStateRefusesWrites() throws Exception {
        try (SyncState state = open("c")) {
            state.replace("c", "INBOX", Set.of("1"));
        }
        try (SyncState state = openReadOnly("c")) {
            assertThatThrownBy(() -> state.replace("c", "INBOX", Set.of("2"))).isInstanceOf(IllegalStateException.class);
            assertThat(state.load("c", "INBOX")).containsExactly("1");
        }
    }

    // ------------------------------------------------------------------ helpers

    static DeletionRecord record(String run, Instant at, String channel, String boxname, String identity, String trashKey) {
        return new DeletionRecord(0, run, at, channel, boxname, Side.B, boxname, identity, "Trash", trashKey, SEEN_JUNK,
                Instant.parse("2026-10-01T08:00:00Z"));
    }

    static FolderSnapshot.Entry entry(String key, String stamp, long size, Set<Flag> flags, Instant date, Set<String> keywords) {
        byte[] header = ("Message-ID: <" + key + "@x>\r\n").getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        return new FolderSnapshot.Entry(new MessageMeta(key, size, flags, date, header, keywords), stamp);
    }

    /**
     * Identities whose iteration throws after {@code n} of them: a crash in the middle of a
     * pair's write, after the old rows were deleted and some new ones written.
     */
    static Map<String, RememberedFlags> failingAfter(int n) {
        return new AbstractMap<>() {
            // answered without iterating, so that a write that looks identities up first gets
            // past that (deleting what is gone) before the iteration fails
            @Override
            public boolean containsKey(Object key) {
                return key instanceof String k && k.startsWith("new") && Integer.parseInt(k.substring(3)) < n;
            }

            @Override
            public RememberedFlags get(Object key) {
                return containsKey(key) ? RememberedFlags.unknown() : null;
            }

            @Override
            public Set<Entry<String, RememberedFlags>> entrySet() {
                return new java.util.AbstractSet<>() {
                    @Override
                    public Iterator<Entry<String, RememberedFlags>> iterator() {
                        return new Iterator<>() {
                            int i;

                            @Override
                            public boolean hasNext() {
                                return true;
                            }

                            @Override
                            public Entry<String, RememberedFlags> next() {
                                if (i == n) {
                                    throw new IllegalStateException("crash in the middle of the write");
                                }
                                return Map.entry("new" + i++, RememberedFlags.unknown());
                            }
                        };
                    }

                    @Override
                    public int size() {
                        return n + 1;
                    }
                };
            }
        };
    }
}
