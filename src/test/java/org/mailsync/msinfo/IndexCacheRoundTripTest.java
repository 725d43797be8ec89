package org.mailsync.msinfo;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mailsync.store.Flag;
import org.mailsync.store.FolderSnapshot;
import org.mailsync.store.MessageMeta;

/**
 * The index cache reads back exactly what was kept, whether a save rewrote the folder or only
 * the rows that changed: a cache that came back different would hand the stores a wrong
 * snapshot to validate.
 */
class IndexCacheRoundTripTest {

    @TempDir
    Path dir;

    @Test
    void aSnapshotReadsBackWithEveryField() throws Exception {
        Path file = dir.resolve(".msinfo");
        CachedIndex kept = new CachedIndex(new FolderSnapshot("maildir/1", List.of(
                entry("k2", "s2", 120, EnumSet.of(Flag.SEEN, Flag.FLAGGED), Instant.ofEpochSecond(1_700_000_000, 123_456_789)),
                entry("k1", null, 0, EnumSet.noneOf(Flag.class), null),
                entry("k3", "s3", 7, EnumSet.of(Flag.ANSWERED), null, Set.of("$Forwarded", "Work", "odd name", "100%", "t\tab")))),
                Map.of("k2", "abc"));
        try (MsinfoRepository repo = MsinfoRepository.open(file)) {
            assertThat(repo.loadIndex("local /x", "INBOX")).isNull();
            repo.saveIndex("local /x", "INBOX", kept);
        }
        try (MsinfoRepository repo = MsinfoRepository.openReadOnly(file)) {
            assertThat(repo.loadIndex("local /x", "INBOX")).isEqualTo(kept);
            assertThat(repo.loadIndex("local /y", "INBOX")).isNull();
            assertThat(repo.loadIndex("local /x", "other")).isNull();
        }
    }

    /** A cache written before keywords were kept would pass its messages off as keyword-less: it is rebuilt. */
    @Test
    void aCacheOfTheSchemaWithoutKeywordsIsRebuilt() throws Exception {
        Path file = dir.resolve(".msinfo");
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + dir.resolve(".msinfo.index-cache"));
             Statement st = c.createStatement()) {
            st.execute("CREATE TABLE folder_snapshot (id INTEGER PRIMARY KEY, store TEXT NOT NULL, folder TEXT NOT NULL,"
                    + " validity TEXT, saved_at TEXT NOT NULL, UNIQUE (store, folder))");
            st.execute("CREATE TABLE snapshot_message (snapshot_id INTEGER NOT NULL, msg_key TEXT NOT NULL, seq INTEGER NOT NULL,"
                    + " stamp TEXT, size INTEGER NOT NULL, flags TEXT NOT NULL, date_seconds INTEGER, date_nanos INTEGER,"
                    + " header BLOB NOT NULL, digest TEXT, PRIMARY KEY (snapshot_id, msg_key)) WITHOUT ROWID");
            st.execute("INSERT INTO folder_snapshot VALUES (1, 's', 'INBOX', 'imap/1 1 2 1 5', '2026-01-01T00:00:00Z')");
            st.execute("INSERT INTO snapshot_message VALUES (1, '1:1', 1, '1', 10, 'SEEN', NULL, NULL, x'', NULL)");
            st.execute("PRAGMA user_version = 1");
        }
        CachedIndex kept = new CachedIndex(new FolderSnapshot("imap/1 1 2 1 6", List.of(
                entry("1:1", "1", 10, EnumSet.of(Flag.SEEN), null, Set.of("$Junk")))), Map.of());
        try (MsinfoRepository repo = MsinfoRepository.open(file)) {
            assertThat(repo.loadIndex("s", "INBOX")).isNull();
            repo.saveIndex("s", "INBOX", kept);
            assertThat(repo.loadIndex("s", "INBOX")).isEqualTo(kept);
        }
    }

    @Test
    void theCacheLivesInItsOwnPrivateFileAndAReadOnlyRunCreatesNone() throws Exception {
        Path file = dir.resolve(".msinfo");
        try (MsinfoRepository repo = MsinfoRepository.open(file)) {
            repo.replace("c", "INBOX", Set.of("<a@x>"));
        }
        try (MsinfoRepository repo = MsinfoRepository.openReadOnly(file)) {
            assertThat(repo.loadIndex("s", "INBOX")).isNull();
        }
        assertThat(dir.resolve(".msinfo.index-cache")).doesNotExist();
        try (MsinfoRepository repo = MsinfoRepository.open(file)) {
            repo.saveIndex("s", "INBOX", new CachedIndex(new FolderSnapshot("v", List.of()), Map.of()));
        }
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(dir.resolve(".msinfo.index-cache"))))
                .isEqualTo("rw-------");
    }

    @Test
    void aDamagedCacheIsRemovedAndRebuiltWhileTheMsinfoStays() throws Exception {
        Path file = dir.resolve(".msinfo");
        CachedIndex kept = new CachedIndex(new FolderSnapshot("v", List.of(
                entry("k1", "s", 1, EnumSet.noneOf(Flag.class), null))), Map.of());
        try (MsinfoRepository repo = MsinfoRepository.open(file)) {
            repo.replace("c", "INBOX", Set.of("<a@x>"));
            repo.saveIndex("s", "INBOX", kept);
        }
        Path cache = dir.resolve(".msinfo.index-cache");
        Files.write(cache, "this is not a database, and quite long enough to be read as one".repeat(100).getBytes());

        try (MsinfoRepository repo = MsinfoRepository.open(file)) {
            assertThat(repo.loadIndex("s", "INBOX")).isNull();
            assertThat(repo.load("c", "INBOX")).containsExactly("<a@x>");
        }
        assertThat(cache).doesNotExist();
        try (MsinfoRepository repo = MsinfoRepository.open(file)) {
            repo.saveIndex("s", "INBOX", kept);
            assertThat(repo.loadIndex("s", "INBOX")).isEqualTo(kept);
        }
    }

    /**
     * After any sequence of snapshots (messages removed, added at the end or in between,
     * reordered, re-flagged, re-stamped), the cache holds the last one saved.
     */
    @Property(tries = 40)
    void theLastSavedSnapshotIsWhatLoads(@ForAll long seed) throws Exception {
        Random random = new Random(seed);
        Path tmp = Files.createTempDirectory("index-cache"); // jqwik does not fill @TempDir
        Path file = tmp.resolve("cache.db");
        List<FolderSnapshot.Entry> entries = new ArrayList<>();
        int next = 0;
        try (MsinfoRepository repo = MsinfoRepository.open(file)) {
            for (int round = 0; round < 6; round++) {
                entries = mutate(entries, random, next);
                next += 20;
                Map<String, String> digests = new HashMap<>();
                for (FolderSnapshot.Entry e : entries) {
                    if (random.nextInt(4) == 0) {
                        digests.put(e.meta().key(), "d" + random.nextInt(3));
                    }
                }
                CachedIndex kept = new CachedIndex(new FolderSnapshot("v" + random.nextInt(2), entries), digests);
                repo.saveIndex("store", "F", kept);
                assertThat(repo.loadIndex("store", "F")).isEqualTo(kept);
            }
        } finally {
            try (var files = Files.walk(tmp)) {
                files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    private static List<FolderSnapshot.Entry> mutate(List<FolderSnapshot.Entry> entries, Random random, int next) {
        List<FolderSnapshot.Entry> result = new ArrayList<>();
        for (FolderSnapshot.Entry e : entries) {
            switch (random.nextInt(6)) {
                case 0 -> { } // removed
                case 1 -> result.add(entry(e.meta().key(), e.stamp(), e.meta().size(), EnumSet.of(Flag.SEEN), e.meta().internalDate()));
                case 2 -> result.add(entry(e.meta().key(), "restamped", e.meta().size(), e.meta().flags(), e.meta().internalDate()));
                case 3 -> result.add(entry(e.meta().key(), e.stamp(), e.meta().size(), e.meta().flags(), e.meta().internalDate(),
                        random.nextBoolean() ? Set.of() : Set.of("$Junk", "k" + random.nextInt(3))));
                default -> result.add(e);
            }
        }
        int added = random.nextInt(8);
        for (int i = 0; i < added; i++) {
            FolderSnapshot.Entry e = entry("m" + (next + i), "s", 10 + i, EnumSet.noneOf(Flag.class),
                    random.nextBoolean() ? null : Instant.ofEpochSecond(next, i));
            if (random.nextInt(3) == 0 && !result.isEmpty()) {
                result.add(random.nextInt(result.size()), e); // not at the end: the table is rewritten
            } else {
                result.add(e);
            }
        }
        if (random.nextInt(5) == 0 && result.size() > 1) {
            java.util.Collections.swap(result, 0, result.size() - 1);
        }
        return result;
    }

    private static FolderSnapshot.Entry entry(String key, String stamp, long size, Set<Flag> flags, Instant date) {
        return entry(key, stamp, size, flags, date, Set.of());
    }

    private static FolderSnapshot.Entry entry(String key, String stamp, long size, Set<Flag> flags, Instant date,
                                              Set<String> keywords) {
        byte[] header = ("Message-ID: <" + key + "@x>\nSubject: " + key + "\n").getBytes(StandardCharsets.ISO_8859_1);
        return new FolderSnapshot.Entry(new MessageMeta(key, size, flags, date, header, keywords), stamp);
    }
}
