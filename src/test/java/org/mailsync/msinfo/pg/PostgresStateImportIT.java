package org.mailsync.msinfo.pg;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Instant;
import java.util.EnumSet;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.mailsync.msinfo.DeletionRecord;
import org.mailsync.msinfo.MsinfoException;
import org.mailsync.msinfo.MsinfoRepository;
import org.mailsync.store.Flag;
import org.mailsync.sync.FlagState;
import org.mailsync.sync.RememberedFlags;
import org.mailsync.sync.Side;

/**
 * {@code --import-state} copies a channel's SQLite state into PostgreSQL whole: every pair with
 * its identities and remembered flags (unknown ones stay unknown), and the deletion log; what
 * PostgreSQL had of the channel is replaced, other channels are left alone, the SQLite file is
 * not changed.
 */
class PostgresStateImportIT {

    @RegisterExtension
    static final PostgresExtension POSTGRES = new PostgresExtension();

    @TempDir
    Path dir;

    private StateUrl url;

    @BeforeEach
    void newDatabase() throws Exception {
        url = StateUrl.of(POSTGRES.newDatabase(), null);
    }

    @Test
    void pairsFlagsAndTheDeletionLogAreCopiedAndReplaceTheChannelsOldRecord() throws Exception {
        Path sqlite = dir.resolve("msinfo.db");
        FlagState seen = new FlagState(EnumSet.of(Flag.SEEN), Set.of("$Junk"));
        Instant run = Instant.parse("2026-11-30T12:00:00.123Z");
        try (MsinfoRepository repo = MsinfoRepository.open(sqlite)) {
            repo.replaceWithFlags("c", "INBOX", Map.of("a", new RememberedFlags(seen, FlagState.none()),
                    "b", RememberedFlags.unknown()));
            repo.replace("c", "Sent", Set.of("s"));
            repo.replace("other", "INBOX", Set.of("not copied"));
            repo.logDeletions(java.util.List.of(new DeletionRecord(0, "r1", run, "c", "INBOX", Side.A, "INBOX", "d",
                    "Trash", "17", seen, null)));
        }
        long sizeBefore = java.nio.file.Files.size(sqlite);
        try (PostgresSyncState pg = PostgresSyncState.open(url, "c", false)) {
            pg.replace("c", "Stale", Set.of("x"));
            pg.replace("d", "INBOX", Set.of("kept"));
            SqliteStateImport.Copied copied = SqliteStateImport.copy(sqlite, "c", pg);

            assertThat(copied).isEqualTo(new SqliteStateImport.Copied(2, 3, 1));
            assertThat(pg.boxnames("c")).containsExactly("INBOX", "Sent");
            Map<String, RememberedFlags> inbox = pg.loadWithFlags("c", "INBOX");
            assertThat(inbox.get("a").a().sameAs(seen)).isTrue();
            assertThat(inbox.get("a").b().flags()).isEmpty();
            assertThat(inbox.get("b")).isEqualTo(RememberedFlags.unknown());
            assertThat(pg.deletions("c", null)).singleElement().satisfies(r -> {
                assertThat(r.identity()).isEqualTo("d");
                assertThat(r.runAt()).isEqualTo(run);
                assertThat(r.trashKey()).isEqualTo("17");
                assertThat(r.side()).isEqualTo(Side.A);
            });
            assertThat(pg.load("d", "INBOX")).containsExactly("kept");
            assertThat(pg.boxnames("other")).isEmpty();
        }
        assertThat(java.nio.file.Files.size(sqlite)).isEqualTo(sizeBefore);
    }

    @Test
    void aMissingSqliteStateIsAnErrorThatChangesNothing() throws Exception {
        try (PostgresSyncState pg = PostgresSyncState.open(url, "c", false)) {
            pg.replace("c", "INBOX", Set.of("x"));
            assertThatThrownBy(() -> SqliteStateImport.copy(dir.resolve("none.db"), "c", pg))
                    .isInstanceOf(MsinfoException.class).hasMessageContaining("no SQLite state");
            assertThat(pg.load("c", "INBOX")).containsExactly("x");
        }
    }
}
