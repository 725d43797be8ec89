package org.mailsync.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mailsync.cli.MailTree.maildir;
import static org.mailsync.cli.MailTree.maildirIds;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.Map;
import java.util.TreeMap;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.mailsync.msinfo.pg.PostgresExtension;
import org.mailsync.msinfo.pg.PostgresSyncState;
import org.mailsync.msinfo.pg.StateUrl;

/**
 * End to end through the command line with the channel's state in a real PostgreSQL (global
 * {@code state jdbc:postgresql://...}): two local Maildir stores sync as with the SQLite msinfo,
 * the record is in PostgreSQL and no msinfo file is made, a run that dies between its actions
 * and its commit converges, a deletion is logged there and {@code undo} puts it back,
 * {@code --import-state} takes a channel's SQLite state over, and a channel another node holds is
 * refused.
 */
class PostgresStateSyncIT {

    @RegisterExtension
    static final PostgresExtension POSTGRES = new PostgresExtension();

    @TempDir
    Path home;

    String url;

    @BeforeEach
    void config() throws Exception {
        url = POSTGRES.newDatabase();
        writeConfig(true);
    }

    private void writeConfig(boolean inPostgres) throws Exception {
        Files.writeString(home.resolve(".mailsync"), (inPostgres ? "state " + url + "\n" : "") + """
                store laptop  { pat Mail/%     prefix Mail/ }
                store archive { pat Archive/%  prefix Archive/  format maildir }
                channel backup laptop archive { msinfo .msinfo }
                """);
    }

    @Test
    void theFirstSyncCopiesTheSecondHasNothingToDoAndTheRecordIsInPostgres() throws Exception {
        maildir(home.resolve("Mail/inbox"), "a1", "a2");
        maildir(home.resolve("Mail/work"), "w1");
        maildir(home.resolve("Archive/inbox"), "b1");

        CliRun first = CliRun.run(home, "backup");
        CliRun second = CliRun.run(home, "backup");

        assertThat(first.exitCode()).as(first.toString()).isZero();
        assertThat(first.out()).contains("2 copied laptop->archive.", "1 copied archive->laptop.", "3 remain.");
        assertThat(second.exitCode()).as(second.toString()).isZero();
        assertThat(second.out()).contains("3 remain.").doesNotContain("copied", "deleted");
        assertThat(record()).containsExactly(Map.entry("INBOX", 3), Map.entry("work", 1));
        assertThat(maildirIds(home.resolve("Archive/work"))).containsExactly("w1");
        assertThat(home.resolve(".msinfo")).as("no SQLite msinfo is made").doesNotExist();
        assertThat(home.resolve(".msinfo.index-cache")).doesNotExist();
    }

    @Test
    void aRunThatDiesBeforeItsCommitConverges() throws Exception {
        Path noCommit = noCommitRoutes();
        maildir(home.resolve("Mail/inbox"), "a1", "a2");
        maildir(home.resolve("Archive/inbox"), "b1");

        CliRun crashed = CliRun.run(home, "--routes", noCommit.toString(), "backup");
        Map<String, Integer> afterCrash = record();
        CliRun next = CliRun.run(home, "backup");

        assertThat(crashed.exitCode()).as(crashed.toString()).isZero();
        assertThat(afterCrash).as("nothing committed").isEmpty();
        assertThat(next.exitCode()).as(next.toString()).isZero();
        assertThat(next.out()).doesNotContain("copied", "deleted").contains("3 remain.");
        assertThat(maildirIds(home.resolve("Mail/inbox"))).containsExactly("a1", "a2", "b1");
        assertThat(maildirIds(home.resolve("Archive/inbox"))).containsExactly("a1", "a2", "b1");
        assertThat(record()).containsExactly(Map.entry("INBOX", 3));
    }

    @Test
    void deletionsOfARunThatDiesBeforeItsCommitAreNotUndone() throws Exception {
        maildir(home.resolve("Mail/inbox"), "a1", "a2", "a3");
        maildir(home.resolve("Archive/inbox"));
        assertThat(CliRun.run(home, "backup").exitCode()).isZero();
        deleteFromMaildir(home.resolve("Archive/inbox"), "a1");

        CliRun crashed = CliRun.run(home, "--routes", noCommitRoutes().toString(), "backup");
        assertThat(maildirIds(home.resolve("Mail/inbox"))).containsExactly("a2", "a3");
        CliRun next = CliRun.run(home, "backup");

        assertThat(crashed.exitCode()).as(crashed.toString()).isZero();
        assertThat(next.exitCode()).as(next.toString()).isZero();
        assertThat(next.out()).doesNotContain("copied", "deleted").contains("2 remain.");
        assertThat(maildirIds(home.resolve("Mail/inbox"))).containsExactly("a2", "a3");
        assertThat(maildirIds(home.resolve("Archive/inbox"))).containsExactly("a2", "a3");
        assertThat(record()).containsExactly(Map.entry("INBOX", 2));
    }

    @Test
    void importStateCannotBeSimulated() throws Exception {
        CliRun run = CliRun.run(home, "-s", "--import-state", "backup");
        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.err()).contains("--import-state writes the channel's state; it cannot be combined with -s");
    }

    @Test
    void importStateTakesTheChannelsSqliteRecordOver() throws Exception {
        writeConfig(false);
        maildir(home.resolve("Mail/inbox"), "a1", "a2", "a3");
        maildir(home.resolve("Archive/inbox"));
        CliRun inSqlite = CliRun.run(home, "backup");
        assertThat(inSqlite.exitCode()).as(inSqlite.toString()).isZero();
        assertThat(home.resolve(".msinfo")).exists();
        writeConfig(true);
        deleteFromMaildir(home.resolve("Archive/inbox"), "a2");

        CliRun imported = CliRun.run(home, "--import-state", "backup");

        assertThat(imported.exitCode()).as(imported.toString()).isZero();
        assertThat(imported.err()).contains("Imported channel \"backup\"'s state from", "1 folder pairs, 3 messages");
        assertThat(imported.out()).as("the remembered record makes it a deletion, not a copy back")
                .contains("1 deleted").doesNotContain("copied");
        assertThat(maildirIds(home.resolve("Mail/inbox"))).containsExactly("a1", "a3");
        assertThat(record()).containsExactly(Map.entry("INBOX", 2));
    }

    @Test
    void aDeletionIsLoggedInPostgresAndUndoPutsItBack() throws Exception {
        maildir(home.resolve("Mail/inbox"), "m1", "m2");
        maildir(home.resolve("Archive/inbox"));
        assertThat(CliRun.run(home, "backup").exitCode()).isZero();
        deleteFromMaildir(home.resolve("Mail/inbox"), "m1");
        CliRun deleting = CliRun.run(home, "backup");
        assertThat(deleting.exitCode()).as(deleting.toString()).isZero();
        assertThat(deleting.out()).contains("1 deleted on archive.");
        assertThat(maildirIds(home.resolve("Archive/inbox"))).containsExactly("m2");

        CliRun undo = CliRun.run(home, "undo", "backup");
        CliRun again = CliRun.run(home, "backup");

        assertThat(undo.exitCode()).as(undo.toString()).isZero();
        assertThat(undo.out()).contains("1 restored on archive.");
        assertThat(again.exitCode()).as(again.toString()).isZero();
        assertThat(maildirIds(home.resolve("Archive/inbox"))).containsExactlyInAnyOrder("m1", "m2");
        assertThat(maildirIds(home.resolve("Mail/inbox"))).containsExactlyInAnyOrder("m1", "m2");
        assertThat(CliRun.run(home, "undo", "backup").out()).as("restored records are dropped").contains("Nothing to restore");
    }

    @Test
    void importStateWithoutAStateKeyIsAUsageError() throws Exception {
        writeConfig(false);
        CliRun run = CliRun.run(home, "--import-state", "backup");
        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.err()).contains("--import-state", "has no \"state jdbc:postgresql:");
    }

    @Test
    void aChannelHeldByAnotherNodeIsRefusedAndNothingChanges() throws Exception {
        maildir(home.resolve("Mail/inbox"), "a1");
        try (PostgresSyncState otherNode = PostgresSyncState.open(StateUrl.of(url, null), "backup", false)) {
            CliRun run = CliRun.run(home, "backup");
            assertThat(run.exitCode()).as(run.toString()).isEqualTo(1);
            assertThat(run.err()).contains("another mailsync run is syncing this channel");
        }
        assertThat(home.resolve("Archive/inbox")).doesNotExist();
        assertThat(record()).isEmpty();
    }

    /** The built-in route set with its commit step replaced by a log line: a run that dies before committing. */
    private Path noCommitRoutes() throws Exception {
        return EditedRoutes.write(home.resolve("crash-routes"), """
                              - bean:
                                  id: commit-msinfo
                                  ref: msinfoCommitter
                                  method: commit
                """, """
                              - log:
                                  id: commit-msinfo
                                  message: "crashed before committing msinfo"
                """);
    }

    /** Deletes the message of that id from a Maildir folder, as a mail client would. */
    private static void deleteFromMaildir(Path folder, String id) throws Exception {
        try (java.util.stream.Stream<Path> files = Files.walk(folder)) {
            Path file = files.filter(Files::isRegularFile).filter(f -> {
                try {
                    return Files.readString(f, java.nio.charset.StandardCharsets.ISO_8859_1).contains("<" + id + "@");
                } catch (java.io.IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            }).findFirst().orElseThrow();
            Files.delete(file);
        }
    }

    /** The channel's record in PostgreSQL: boxname → number of identities. */
    private Map<String, Integer> record() throws Exception {
        Map<String, Integer> record = new TreeMap<>();
        try (Connection c = DriverManager.getConnection(url);
             PreparedStatement ps = c.prepareStatement("SELECT p.boxname, count(i.identity) FROM folder_pair p"
                     + " LEFT JOIN pair_identity i ON i.pair_id = p.id WHERE p.channel = ? GROUP BY p.boxname")) {
            ps.setString(1, "backup");
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    record.put(rs.getString(1), rs.getInt(2));
                }
            }
        } catch (org.postgresql.util.PSQLException e) {
            if (!"42P01".equals(e.getSQLState())) { // no table yet: nothing recorded
                throw e;
            }
        }
        return record;
    }
}
