package org.mailsync.msinfo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Instant;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mailsync.store.Flag;
import org.mailsync.store.FolderSnapshot;
import org.mailsync.store.MessageMeta;

/**
 * What the SQLite state does for a client that runs a channel again and again (the daemon's
 * consumer), with one {@link SqliteSyncStateFactory}: the index caches of the last run are
 * handed out from memory (only the folders that run used, and only what was saved); and a
 * file nobody else has written since the factory's last run is opened without being checked
 * again, while one somebody else wrote is checked.
 */
class RepeatedRunsOfOneFactoryTest {

    @TempDir
    Path dir;

    @Test
    void theLastRunsIndexCachesComeFromMemory() throws Exception {
        Path file = dir.resolve(".msinfo");
        SqliteSyncStateFactory factory = new SqliteSyncStateFactory();
        CachedIndex inbox = index("k1");
        CachedIndex work = index("k2");
        try (SyncState state = factory.open("c", file, false, null)) {
            state.saveIndex("s", "INBOX", inbox);
            state.saveIndex("s", "work", work);
        }
        try (SyncState state = factory.open("c", file, false, null)) {
            assertThat(state.loadIndex("s", "INBOX")).isSameAs(inbox);
            // work is not used by this run
        }
        Files.delete(file.resolveSibling(".msinfo.index-cache"));

        try (SyncState state = factory.open("c", file, false, null)) {
            assertThat(state.loadIndex("s", "INBOX")).as("from memory").isSameAs(inbox);
            assertThat(state.loadIndex("s", "work")).as("not used by the last run: from the file").isNull();
        }
        try (SyncState state = new SqliteSyncStateFactory().open("c", file, false, null)) {
            assertThat(state.loadIndex("s", "INBOX")).as("another factory reads the file").isNull();
        }
    }

    @Test
    void aFileOnlyThisFactoryWroteIsNotCheckedAgainButOneSomebodyElseWroteIs() throws Exception {
        Path file = dir.resolve(".msinfo");
        SqliteSyncStateFactory factory = new SqliteSyncStateFactory();
        try (SyncState state = factory.open("c", file, false, null)) {
            state.replace("c", "INBOX", Set.of("<a@x>"));
        }
        // Damage the file behind the factory's back and hide it: same size, same time.
        FileTime time = Files.getLastModifiedTime(file);
        damageFirstPageOfATable(file);
        Files.setLastModifiedTime(file, time);

        factory.open("c", file, false, null).close(); // not checked: as this factory left it
        assertThatThrownBy(() -> new SqliteSyncStateFactory().open("c", file, false, null))
                .as("a new factory checks").isInstanceOf(MsinfoException.class).hasMessageContaining("is damaged");

        Files.setLastModifiedTime(file, FileTime.from(Instant.now().plusSeconds(5))); // somebody wrote it
        assertThatThrownBy(() -> factory.open("c", file, false, null)).isInstanceOf(MsinfoException.class)
                .hasMessageContaining("is damaged");
    }

    private static CachedIndex index(String key) {
        MessageMeta meta = new MessageMeta(key, 10, EnumSet.of(Flag.SEEN), Instant.ofEpochSecond(1_700_000_000),
                ("Message-ID: <" + key + "@x>\r\n\r\n").getBytes(java.nio.charset.StandardCharsets.ISO_8859_1));
        return new CachedIndex(new FolderSnapshot("v1", List.of(new FolderSnapshot.Entry(meta, "s-" + key))), Map.of());
    }

    /** Overwrites the start of the page of table pair_identity's root with garbage. */
    private static void damageFirstPageOfATable(Path file) throws Exception {
        int page;
        int pageSize;
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file);
             Statement st = c.createStatement()) {
            try (ResultSet rs = st.executeQuery("SELECT rootpage FROM sqlite_master WHERE name = 'pair_identity'")) {
                rs.next();
                page = rs.getInt(1);
            }
            try (ResultSet rs = st.executeQuery("PRAGMA page_size")) {
                rs.next();
                pageSize = rs.getInt(1);
            }
        }
        try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), "rw")) {
            raf.seek((long) (page - 1) * pageSize);
            raf.write(new byte[] {(byte) 0xff, (byte) 0xff, (byte) 0xff, (byte) 0xff, 0x13, 0x37, 0x13, 0x37});
        }
    }
}
