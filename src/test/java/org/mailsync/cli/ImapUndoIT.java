package org.mailsync.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mailsync.cli.MailTree.maildir;
import static org.mailsync.cli.MailTree.maildirIds;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.mailsync.store.Flag;
import org.mailsync.store.FlagChange;
import org.mailsync.store.MailStore;
import org.mailsync.store.MessageMeta;
import org.mailsync.store.imap.DovecotExtension;
import org.mailsync.store.imap.ImapStore;
import org.mailsync.store.local.LocalStore;
import org.mailsync.store.maildir.MaildirFormat;

/**
 * Recoverable deletions against a real Dovecot whose folder {@code Deleted} carries the
 * {@code \Trash} special-use attribute (RFC 6154): messages deleted in the local Maildir leave
 * the server's INBOX for it (by {@code UID MOVE}), the trash itself is not synced, {@code undo} puts
 * them back with their flags and keywords, and the next sync brings them back locally too.
 */
class ImapUndoIT {

    @RegisterExtension
    static final DovecotExtension DOVECOT = DovecotExtension.own(String.join("\n",
            "namespace inbox {",
            "  inbox = yes",
            "  mailbox Deleted {",
            "    special_use = \\Trash",
            "  }",
            "}"));

    @TempDir
    Path home;

    String user;

    @BeforeEach
    void config() throws Exception {
        user = DOVECOT.newUser();
        DOVECOT.channelConfig(user).writeTo(home.resolve(".mailsync"));
        maildir(home.resolve("Mail/INBOX"), "i1", "i2", "i3", "i4", "i5");
    }

    @Test
    void threeDeletedLocallyGoToTheServersTrashAndUndoBringsThemBackOnBothSides() throws Exception {
        sync();
        try (ImapStore server = server()) {
            // flags and a keyword set by another client, synced to the Maildir before the deletion
            server.createFolder("Deleted");
            server.changeFlags("INBOX", Map.of(meta(server, "INBOX", "i2").key(),
                    new FlagChange(Set.of(Flag.FLAGGED), Set.of(), Set.of("$Label1"), Set.of())));
        }
        sync();
        deleteLocally("i1", "i2", "i3");

        CliRun sync = CliRun.run(home, "-di", "sync");

        assertThat(sync.exitCode()).as(sync.toString()).isZero();
        assertThat(sync.log()).contains("UID MOVE").doesNotContain("UID EXPUNGE");
        try (ImapStore server = server()) {
            assertThat(ids(server, "INBOX")).containsExactlyInAnyOrder("i4", "i5");
            assertThat(ids(server, "Deleted")).containsExactlyInAnyOrder("i1", "i2", "i3");
            assertThat(meta(server, "Deleted", "i2").flags()).contains(Flag.FLAGGED);
            assertThat(server.exists("Trash")).isFalse();
        }
        assertThat(home.resolve("Mail/Deleted")).as("the trash is not synced").doesNotExist();

        CliRun undo = CliRun.run(home, "undo", "sync");

        assertThat(undo.exitCode()).as(undo.toString()).isZero();
        assertThat(undo.out()).contains("INBOX: 3 restored on remote.");
        try (ImapStore server = server()) {
            assertThat(ids(server, "INBOX")).containsExactlyInAnyOrder("i1", "i2", "i3", "i4", "i5");
            assertThat(server.index("Deleted")).isEmpty();
            assertThat(meta(server, "INBOX", "i2").flags()).containsExactlyInAnyOrder(Flag.SEEN, Flag.FLAGGED);
            assertThat(meta(server, "INBOX", "i2").keywords()).containsExactly("$Label1");
        }

        CliRun again = CliRun.run(home, "sync");

        assertThat(again.exitCode()).as(again.toString()).isZero();
        assertThat(maildirIds(home.resolve("Mail/INBOX"))).containsExactly("i1", "i2", "i3", "i4", "i5");
        MessageMeta i2 = MailTree.meta(local(), "INBOX", "i2");
        assertThat(i2.flags()).containsExactlyInAnyOrder(Flag.SEEN, Flag.FLAGGED);
        assertThat(i2.keywords()).containsExactly("$Label1");
        assertThat(MailTree.meta(local(), "INBOX", "i1").flags()).containsExactly(Flag.SEEN);
    }

    @Test
    void aTrashNamedInTheStoreIsCreatedAndUsed() throws Exception {
        DOVECOT.channelConfig(user).remoteOption("trash Bin").writeTo(home.resolve(".mailsync"));
        sync();
        deleteLocally("i5");

        CliRun sync = CliRun.run(home, "sync");

        assertThat(sync.exitCode()).as(sync.toString()).isZero();
        try (ImapStore server = server()) {
            assertThat(ids(server, "Bin")).containsExactly("i5");
            assertThat(ids(server, "INBOX")).hasSize(4);
        }
        assertThat(CliRun.run(home, "undo", "sync").exitCode()).isZero();
        try (ImapStore server = server()) {
            assertThat(ids(server, "INBOX")).hasSize(5);
        }
    }

    @Test
    void withTrashOffTheDeletionIsFinal() throws Exception {
        DOVECOT.channelConfig(user).remoteOption("trash off").writeTo(home.resolve(".mailsync"));
        sync();
        deleteLocally("i5");

        assertThat(CliRun.run(home, "sync").exitCode()).isZero();

        try (ImapStore server = server()) {
            assertThat(ids(server, "INBOX")).hasSize(4);
            assertThat(server.exists("Trash")).isFalse();
        }
    }

    // ------------------------------------------------------------------ helpers

    private void sync() throws Exception {
        CliRun run = CliRun.run(home, "sync");
        assertThat(run.exitCode()).as(run.toString()).isZero();
        Thread.sleep(100); // past the settle time of a renamed Maildir file
    }

    private void deleteLocally(String... ids) throws Exception {
        List<String> gone = List.of(ids);
        for (String sub : List.of("cur", "new")) {
            try (Stream<Path> files = Files.list(home.resolve("Mail/INBOX").resolve(sub))) {
                for (Path f : files.toList()) {
                    String text = Files.readString(f);
                    if (gone.stream().anyMatch(id -> text.contains("<" + id + "@"))) {
                        Files.delete(f);
                    }
                }
            }
        }
    }

    private ImapStore server() {
        return DOVECOT.store(user, "/notls", "another client");
    }

    private LocalStore local() {
        MaildirFormat maildir = new MaildirFormat();
        return new LocalStore("local", home.resolve("Mail"), List.of(maildir), maildir);
    }

    private static List<String> ids(MailStore store, String folder) throws Exception {
        return store.index(folder).stream().map(MailTree::idOf).toList();
    }

    private static MessageMeta meta(MailStore store, String folder, String id) throws Exception {
        return MailTree.meta(store, folder, id);
    }
}
