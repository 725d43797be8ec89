package org.mailsync.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mailsync.cli.MailTree.checksums;
import static org.mailsync.cli.MailTree.maildir;
import static org.mailsync.cli.MailTree.maildirIds;
import static org.mailsync.cli.MailTree.mboxIds;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mailsync.store.Flag;
import org.mailsync.store.local.LocalStore;
import org.mailsync.store.mbox.MboxFormat;

/**
 * Recoverable deletions between local stores (a Maildir and an mbox archive), end to end: a
 * deletion a sync propagates lands in the channel's trash beside msinfo, {@code undo -s} changes
 * nothing, {@code undo} puts the messages back with their flags and the next sync restores them
 * on the other side too; {@code trash off} deletes for good.
 */
class LocalUndoTest {

    @TempDir
    Path home;

    private void config(String archiveKeys) throws Exception {
        Files.writeString(home.resolve(".mailsync"), """
                store laptop  { pat Mail/%     prefix Mail/ }
                store archive { pat Archive/%  prefix Archive/  format mbox KEYS }
                channel backup laptop archive { msinfo .msinfo }
                """.replace("KEYS", archiveKeys));
    }

    /** Four messages synced, then two deleted in the Maildir and synced again. */
    private void deleteTwoAndSync() throws Exception {
        maildir(home.resolve("Mail/INBOX"), "m1", "m2", "m3", "m4");
        CliRun first = CliRun.run(home, "backup");
        assertThat(first.exitCode()).as(first.toString()).isZero();
        deleteLocally("m1", "m2");
        CliRun second = CliRun.run(home, "backup");
        assertThat(second.exitCode()).as(second.toString()).isZero();
        assertThat(second.out()).contains("2 deleted on archive.");
    }

    private void assertNothingToRestore() {
        CliRun undo = CliRun.run(home, "undo", "backup");
        assertThat(undo.exitCode()).as(undo.toString()).isZero();
        assertThat(undo.out()).contains("Nothing to restore");
    }

    /** Removes the messages' files from the Maildir INBOX, as a mail program deleting them would. */
    private void deleteLocally(String... ids) throws Exception {
        try (Stream<Path> files = Files.list(home.resolve("Mail/INBOX/cur"))) {
            for (Path f : files.toList()) {
                String text = Files.readString(f);
                if (Stream.of(ids).anyMatch(id -> text.contains("<" + id + "@"))) {
                    Files.delete(f);
                }
            }
        }
    }

    @Test
    void deletionsLandInTheLocalTrashAndUndoRestoresThemOnBothSides() throws Exception {
        config("");
        deleteTwoAndSync();
        assertThat(mboxIds(home.resolve("Archive/INBOX"))).containsExactly("m3", "m4");
        Path trash = home.resolve(".msinfo.trash/archive/INBOX");
        assertThat(maildirIds(trash)).containsExactly("m1", "m2");

        CliRun undo = CliRun.run(home, "undo", "backup");

        assertThat(undo.exitCode()).as(undo.toString()).isZero();
        assertThat(undo.out()).contains("2 messages deleted by the run of ").contains("INBOX: 2 restored on archive.");
        assertThat(mboxIds(home.resolve("Archive/INBOX"))).containsExactly("m1", "m2", "m3", "m4");
        assertThat(maildirIds(trash)).isEmpty();
        LocalStore archive = new LocalStore("archive", home.resolve("Archive"), List.of(new MboxFormat()), null);
        assertThat(MailTree.meta(archive, "INBOX", "m1").flags()).as("flags kept").contains(Flag.SEEN);

        CliRun sync = CliRun.run(home, "backup");

        assertThat(sync.exitCode()).as(sync.toString()).isZero();
        assertThat(maildirIds(home.resolve("Mail/INBOX"))).containsExactly("m1", "m2", "m3", "m4");
        assertNothingToRestore();
    }

    @Test
    void undoDashSListsAndChangesNothing() throws Exception {
        config("");
        deleteTwoAndSync();
        Map<String, String> before = checksums(home);

        CliRun list = CliRun.run(home, "undo", "-s", "backup");

        assertThat(list.exitCode()).as(list.toString()).isZero();
        assertThat(list.out()).contains("would be restored").contains("<m1@example.org>").contains("<m2@example.org>")
                .contains("INBOX: 2 to restore on archive.");
        assertThat(checksums(home)).isEqualTo(before);
    }

    @Test
    void sinceRestoresTheDeletionsOfEveryRunSinceThen() throws Exception {
        config("");
        deleteTwoAndSync();
        deleteLocally("m3");
        assertThat(CliRun.run(home, "backup").exitCode()).isZero();

        CliRun last = CliRun.run(home, "undo", "-s", "backup");
        assertThat(last.out()).contains("INBOX: 1 to restore on archive.");
        CliRun all = CliRun.run(home, "undo", "--since", "2000-01-01", "backup");

        assertThat(all.exitCode()).as(all.toString()).isZero();
        assertThat(all.out()).contains("3 messages deleted by 2 runs since").contains("INBOX: 3 restored on archive.");
        assertThat(mboxIds(home.resolve("Archive/INBOX"))).containsExactly("m1", "m2", "m3", "m4");
    }

    @Test
    void aMessageNoLongerInTheTrashIsNamedAndDroppedFromTheLogWithExitTwo() throws Exception {
        config("");
        deleteTwoAndSync();
        try (Stream<Path> files = Stream.concat(Files.list(home.resolve(".msinfo.trash/archive/INBOX/cur")),
                Files.list(home.resolve(".msinfo.trash/archive/INBOX/new")))) {
            for (Path f : files.toList()) {
                if (Files.readString(f).contains("<m1@")) {
                    Files.delete(f); // the user emptied part of the trash
                }
            }
        }

        CliRun undo = CliRun.run(home, "undo", "backup");

        assertThat(undo.exitCode()).as(undo.toString()).isEqualTo(2);
        assertThat(undo.err()).contains("Error: INBOX: <m1@example.org> cannot be restored on archive: it is no longer in");
        assertThat(undo.out()).contains("INBOX: 1 restored on archive.");
        assertThat(mboxIds(home.resolve("Archive/INBOX"))).containsExactly("m2", "m3", "m4");
        assertNothingToRestore();
    }

    @Test
    void trashOffDeletesForGood() throws Exception {
        config("trash off");
        deleteTwoAndSync();

        assertThat(mboxIds(home.resolve("Archive/INBOX"))).containsExactly("m3", "m4");
        assertThat(home.resolve(".msinfo.trash")).doesNotExist();
        assertNothingToRestore();
    }

    @Test
    void aBadSinceIsAUsageError() throws Exception {
        config("");
        CliRun undo = CliRun.run(home, "undo", "--since", "yesterday", "backup");
        assertThat(undo.exitCode()).isEqualTo(1);
        assertThat(undo.err()).contains("since \"yesterday\" is neither a date");
    }
}
