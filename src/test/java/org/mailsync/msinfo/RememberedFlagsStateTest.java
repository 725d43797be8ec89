package org.mailsync.msinfo;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mailsync.store.Flag;
import org.mailsync.sync.FlagState;
import org.mailsync.sync.RememberedFlags;
import org.sqlite.SQLiteDataSource;

/**
 * msinfo remembers each side's flags of every synced message (the base of the three-way flag
 * merge), and a database written before flag sync existed, or an identity written without
 * flags, reads as "unknown" — never as "no flags", which would read as every flag cleared.
 */
class RememberedFlagsStateTest {

    @TempDir
    Path dir;

    static final FlagState SEEN_JUNK = new FlagState(EnumSet.of(Flag.SEEN), Set.of("$Junk"));
    static final FlagState FLAGGED = new FlagState(EnumSet.of(Flag.FLAGGED, Flag.ANSWERED), Set.of());

    @Test
    void eachSidesFlagsAndKeywordsReadBackAsWritten() throws Exception {
        Path file = dir.resolve("msinfo.db");
        Map<String, RememberedFlags> ids = new LinkedHashMap<>();
        ids.put("<a@x>", new RememberedFlags(SEEN_JUNK, FLAGGED));
        ids.put("<b@x>", new RememberedFlags(FlagState.none(), FlagState.none()));
        ids.put("<c@x>", new RememberedFlags(SEEN_JUNK, null));
        try (MsinfoRepository repo = MsinfoRepository.open(file)) {
            repo.replaceWithFlags("c", "INBOX", ids);
        }
        try (MsinfoRepository repo = MsinfoRepository.openReadOnly(file)) {
            Map<String, RememberedFlags> read = repo.loadWithFlags("c", "INBOX");
            assertThat(read).containsOnlyKeys("<a@x>", "<b@x>", "<c@x>");
            assertThat(read.get("<a@x>").a().sameAs(SEEN_JUNK)).isTrue();
            assertThat(read.get("<a@x>").b().sameAs(FLAGGED)).isTrue();
            assertThat(read.get("<b@x>").known()).as("no flags is known, not unknown").isTrue();
            assertThat(read.get("<b@x>").a().flags()).isEmpty();
            assertThat(read.get("<c@x>").b()).isNull();
            assertThat(repo.load("c", "INBOX")).containsExactlyInAnyOrder("<a@x>", "<b@x>", "<c@x>");
        }
    }

    @Test
    void identitiesWrittenWithoutFlagsHaveUnknownFlags() throws Exception {
        try (MsinfoRepository repo = MsinfoRepository.open(dir.resolve("msinfo.db"))) {
            repo.replace("c", "INBOX", Set.of("<a@x>"));
            assertThat(repo.loadWithFlags("c", "INBOX")).containsExactly(Map.entry("<a@x>", RememberedFlags.unknown()));
        }
    }

    @Test
    void aDatabaseOfTheFirstSchemaIsUpgradedKeepingItsIdentitiesWithUnknownFlags() throws Exception {
        Path file = dir.resolve("old.db");
        firstSchema(file, "<a@x>");
        try (MsinfoRepository repo = MsinfoRepository.openReadOnly(file)) {
            // a simulation before the first sync of this version: nothing upgraded, flags unknown
            assertThat(repo.loadWithFlags("c", "INBOX")).containsExactly(Map.entry("<a@x>", RememberedFlags.unknown()));
        }
        try (MsinfoRepository repo = MsinfoRepository.open(file)) {
            assertThat(repo.loadWithFlags("c", "INBOX")).containsExactly(Map.entry("<a@x>", RememberedFlags.unknown()));
            repo.replaceWithFlags("c", "INBOX", Map.of("<a@x>", new RememberedFlags(SEEN_JUNK, SEEN_JUNK)));
            assertThat(repo.loadWithFlags("c", "INBOX").get("<a@x>").known()).isTrue();
        }
    }

    /** A database as the version before flag sync left it: schema 1, one pair with identities. */
    private static void firstSchema(Path file, String... ids) throws Exception {
        SQLiteDataSource ds = new SQLiteDataSource();
        ds.setUrl("jdbc:sqlite:" + file);
        Flyway.configure().dataSource(ds).locations("classpath:db/msinfo").target("1").load().migrate();
        try (var c = ds.getConnection(); var st = c.createStatement()) {
            st.executeUpdate("INSERT INTO folder_pair (id, channel, boxname, synced_at) VALUES (1, 'c', 'INBOX', 'x')");
            for (String id : ids) {
                st.executeUpdate("INSERT INTO pair_identity (pair_id, identity) VALUES (1, '" + id + "')");
            }
        }
    }
}
