package org.mailsync.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mailsync.cli.MailTree.maildir;
import static org.mailsync.cli.MailTree.maildirIds;
import static org.mailsync.cli.MailTree.mbox;
import static org.mailsync.cli.MailTree.mboxIds;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * End to end, the index cache only ever saves time: whatever changes behind its back between
 * runs (a message replaced under the same name with its old size and mtime, an mbox rewritten
 * by another program to the same size with its mtime set back) is synced as if there were no
 * cache, a no-op run writes nothing, and read-only runs never write it.
 */
class IndexCacheSyncTest {

    @TempDir
    Path home;

    Path mail;
    Path archive;
    Path msinfo;

    @BeforeEach
    void config() throws Exception {
        mail = home.resolve("Mail");
        archive = home.resolve("Archive");
        msinfo = home.resolve(".msinfo");
        Files.writeString(home.resolve(".mailsync"), """
                store laptop  { pat Mail/%     prefix Mail/ }
                store archive { pat Archive/%  prefix Archive/  format mbox }
                channel backup laptop archive { msinfo .msinfo }
                """);
    }

    @Test
    void theCacheHoldsBothSidesAfterASyncAndASettledNoOpRunWritesNothing() throws Exception {
        maildir(mail.resolve("inbox"), "a1", "a2");
        mbox(archive.resolve("inbox"), "b1");
        assertThat(CliRun.run(home, "backup").exitCode()).isZero();

        assertThat(cachedMessages()).containsExactlyInAnyOrder(
                "laptop:Mail/inbox=3", "archive:Archive/inbox=3");
        // Files changed within the settle time before an index get no stamp; the next run,
        // past it, stamps them (and so writes the cache once more).
        Thread.sleep(100);
        assertThat(CliRun.run(home, "backup").exitCode()).isZero();
        List<String> savedAt = query("SELECT store || folder || saved_at FROM folder_snapshot ORDER BY id");

        CliRun again = CliRun.run(home, "backup");

        assertThat(again.exitCode()).as(again.toString()).isZero();
        assertThat(again.out()).contains("INBOX: \n3 remain.");
        assertThat(query("SELECT store || folder || saved_at FROM folder_snapshot ORDER BY id")).isEqualTo(savedAt);
    }

    @Test
    void aPairSettledByAnEmptyRunIsNotIndexedAgainUntilSomethingChanges() throws Exception {
        maildir(mail.resolve("inbox"), "a1", "a2");
        mbox(archive.resolve("inbox"), "b1");
        assertThat(CliRun.run(home, "backup").exitCode()).isZero();
        assertThat(query("SELECT boxname FROM settled_pair")).as("a run that copied").isEmpty();
        Thread.sleep(100); // past the settle time: every file can be vouched for
        // plans nothing (the first run remembered the flags its copies got): settles
        assertThat(CliRun.run(home, "backup").exitCode()).isZero();
        assertThat(query("SELECT boxname FROM settled_pair")).containsExactly("INBOX");
        // Without its cached index, any index of the pair reads the folders whole and keeps
        // what it read: a pair that is skipped keeps nothing.
        update("DELETE FROM folder_snapshot");

        CliRun skipped = CliRun.run(home, "backup");

        assertThat(skipped.exitCode()).as(skipped.toString()).isZero();
        assertThat(skipped.out()).contains("INBOX: \n3 remain.");
        assertThat(cachedMessages()).as("the settled pair was not indexed").isEmpty();

        Thread.sleep(100);
        Path a1 = fileHolding(mail.resolve("inbox"), "a1");
        FileTime mtime = Files.getLastModifiedTime(a1);
        String before = Files.readString(a1, StandardCharsets.ISO_8859_1);
        Files.writeString(a1, before.replace("<a1@", "<z1@").replace("subject a1", "subject z1"), StandardCharsets.ISO_8859_1);
        Files.setLastModifiedTime(a1, mtime);
        Thread.sleep(100);

        CliRun changed = CliRun.run(home, "backup");

        assertThat(changed.exitCode()).as(changed.toString()).isZero();
        assertThat(cachedMessages()).as("indexed again").hasSize(2);
        assertThat(maildirIds(mail.resolve("inbox"))).containsExactly("a2", "b1", "z1");
        assertThat(mboxIds(archive.resolve("inbox"))).containsExactly("a2", "b1", "z1");
    }

    @Test
    void aMaildirMessageReplacedUnderItsNameWithItsOldSizeAndMtimeIsSeen() throws Exception {
        maildir(mail.resolve("inbox"), "a1", "a2");
        mbox(archive.resolve("inbox"));
        assertThat(CliRun.run(home, "backup").exitCode()).isZero();
        assertThat(CliRun.run(home, "backup").exitCode()).isZero();
        Path a1 = fileHolding(mail.resolve("inbox"), "a1");
        FileTime mtime = Files.getLastModifiedTime(a1);
        String before = Files.readString(a1, StandardCharsets.ISO_8859_1);
        // same length, same name, same mtime: only the bytes (and the inode's ctime) differ
        Files.writeString(a1, before.replace("<a1@", "<z1@").replace("subject a1", "subject z1"), StandardCharsets.ISO_8859_1);
        Files.setLastModifiedTime(a1, mtime);
        assertThat(Files.size(a1)).isEqualTo(before.length());

        CliRun run = CliRun.run(home, "backup");

        assertThat(run.exitCode()).as(run.toString()).isZero();
        assertThat(maildirIds(mail.resolve("inbox"))).containsExactly("a2", "z1");
        assertThat(mboxIds(archive.resolve("inbox"))).containsExactly("a2", "z1");
    }

    @Test
    void anMboxRewrittenToTheSameSizeWithItsMtimeSetBackIsSeen() throws Exception {
        maildir(mail.resolve("inbox"));
        mbox(archive.resolve("inbox"), "b1", "b2");
        assertThat(CliRun.run(home, "backup").exitCode()).isZero();
        assertThat(CliRun.run(home, "backup").exitCode()).isZero();
        Path box = archive.resolve("inbox");
        FileTime mtime = Files.getLastModifiedTime(box);
        String before = Files.readString(box, StandardCharsets.ISO_8859_1);
        Files.writeString(box, before.replace("<b2@", "<y2@").replace("subject b2", "subject y2"), StandardCharsets.ISO_8859_1);
        Files.setLastModifiedTime(box, mtime);

        CliRun run = CliRun.run(home, "backup");

        assertThat(run.exitCode()).as(run.toString()).isZero();
        assertThat(mboxIds(box)).containsExactly("b1", "y2");
        assertThat(maildirIds(mail.resolve("inbox"))).containsExactly("b1", "y2");
    }

    @Test
    void mailAddedOnBothSidesBetweenRunsIsCopiedAndTheCacheFollows() throws Exception {
        maildir(mail.resolve("inbox"), "a1");
        mbox(archive.resolve("inbox"), "b1");
        assertThat(CliRun.run(home, "backup").exitCode()).isZero();
        maildir(mail.resolve("inbox"), "a2");
        Files.writeString(archive.resolve("inbox"), "From alice@example.org Mon Mar  2 10:00:00 2020\n"
                + MailTree.message("b2", "subject b2") + "\n", StandardCharsets.ISO_8859_1,
                java.nio.file.StandardOpenOption.APPEND);

        CliRun run = CliRun.run(home, "backup");

        assertThat(run.exitCode()).as(run.toString()).isZero();
        assertThat(maildirIds(mail.resolve("inbox"))).containsExactly("a1", "a2", "b1", "b2");
        assertThat(mboxIds(archive.resolve("inbox"))).containsExactly("a1", "a2", "b1", "b2");
        assertThat(cachedMessages()).containsExactlyInAnyOrder(
                "laptop:Mail/inbox=4", "archive:Archive/inbox=4");
    }

    @Test
    void simulationAndDiffReadTheCacheButNeverWriteIt() throws Exception {
        maildir(mail.resolve("inbox"), "a1");
        mbox(archive.resolve("inbox"), "b1");
        assertThat(CliRun.run(home, "backup").exitCode()).isZero();
        maildir(mail.resolve("inbox"), "a2");
        String before = MailTree.checksums(home).toString();

        CliRun simulated = CliRun.run(home, "-s", "backup");
        CliRun diff = CliRun.run(home, "backup", "laptop");

        assertThat(simulated.out()).as(simulated.toString()).contains("1 copied laptop->archive.");
        assertThat(diff.exitCode()).as(diff.toString()).isLessThan(2);
        assertThat(MailTree.checksums(home).toString()).isEqualTo(before);
    }

    private List<String> cachedMessages() throws Exception {
        return query("SELECT substr(s.store, 1, instr(s.store, ' ') - 1) || ':' || replace(s.folder, '" + home + "/', '')"
                + " || '=' || count(m.msg_key) FROM folder_snapshot s LEFT JOIN snapshot_message m ON m.snapshot_id = s.id"
                + " GROUP BY s.id");
    }

    private void update(String sql) throws Exception {
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + msinfo + ".index-cache")) {
            c.createStatement().executeUpdate("PRAGMA foreign_keys = ON");
            c.createStatement().executeUpdate(sql);
        }
    }

    private List<String> query(String sql) throws Exception {
        List<String> rows = new ArrayList<>();
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + msinfo + ".index-cache");
             ResultSet rs = c.createStatement().executeQuery(sql)) {
            while (rs.next()) {
                rows.add(rs.getString(1));
            }
        }
        return rows;
    }

    private static Path fileHolding(Path folder, String id) throws Exception {
        try (Stream<Path> files = Stream.concat(Files.list(folder.resolve("cur")), Files.list(folder.resolve("new")))) {
            return files.filter(f -> {
                try {
                    return Files.readString(f, StandardCharsets.ISO_8859_1).contains("<" + id + "@");
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            }).findFirst().orElseThrow();
        }
    }
}
