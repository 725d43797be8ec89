package org.mailsync.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mailsync.cli.MailTree.maildir;
import static org.mailsync.cli.MailTree.maildirIds;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.mailsync.store.MailStore;
import org.mailsync.store.imap.DovecotExtension;
import org.mailsync.store.imap.ImapStore;

/**
 * {@code specialuse on} against a Dovecot whose mailboxes carry special-use attributes (RFC
 * 6154): the local Maildir's {@code Sent} is paired with the server's {@code \Sent} folder
 * {@code Sent Items}, and a German {@code Entwürfe} with its {@code \Drafts} folder
 * {@code Drafts}, instead of each getting a namesake on the other side; without the key,
 * folders pair by name as before.
 */
class SpecialUseFoldersArePairedIT {

    @RegisterExtension
    static final DovecotExtension DOVECOT = DovecotExtension.own(String.join("\n",
            "namespace inbox {",
            "  inbox = yes",
            "  mailbox \"Sent Items\" {",
            "    special_use = \\Sent",
            "  }",
            "  mailbox Drafts {",
            "    special_use = \\Drafts",
            "  }",
            "}"));

    @TempDir
    Path home;

    String user;

    @BeforeEach
    void sentOnBothSidesUnderOtherNames() throws Exception {
        user = DOVECOT.newUser();
        maildir(home.resolve("Mail/INBOX"), "i1");
        maildir(home.resolve("Mail/Sent"), "s1", "s2");
        maildir(home.resolve("Mail/Entwürfe"), "d1");
        try (ImapStore server = server()) {
            server.createFolder("Sent Items");
            server.createFolder("Drafts");
            server.append("Sent Items", new ByteArrayInputStream(MailTree.message("s3", "subject s3")
                    .getBytes(StandardCharsets.ISO_8859_1)), Set.of(), null);
        }
    }

    @Test
    void sentAndDraftsArePairedByTheirUseAndStaySo() throws Exception {
        DOVECOT.channelConfig(user).channelOption("specialuse on").writeTo(home.resolve(".mailsync"));

        CliRun run = CliRun.run(home, "sync");

        assertThat(run.exitCode()).as(run.toString()).isZero();
        try (ImapStore server = server()) {
            assertThat(ids(server, "Sent Items")).containsExactlyInAnyOrder("s1", "s2", "s3");
            assertThat(ids(server, "Drafts")).containsExactly("d1");
            assertThat(server.exists("Sent")).isFalse();
            assertThat(server.exists("Entwürfe")).isFalse();
        }
        assertThat(maildirIds(home.resolve("Mail/Sent"))).containsExactlyInAnyOrder("s1", "s2", "s3");
        assertThat(home.resolve("Mail/Sent Items")).doesNotExist();
        assertThat(home.resolve("Mail/Drafts")).doesNotExist();

        Thread.sleep(100);
        CliRun again = CliRun.run(home, "-m", "sync");
        assertThat(again.exitCode()).as(again.toString()).isZero();
        assertThat(again.out()).doesNotContain("copied").doesNotContain("deleted")
                .contains("3 messages remain in Sent").doesNotContain("Sent Items");
    }

    @Test
    void withoutTheKeyFoldersArePairedByName() throws Exception {
        DOVECOT.channelConfig(user).writeTo(home.resolve(".mailsync"));

        CliRun run = CliRun.run(home, "sync");

        assertThat(run.exitCode()).as(run.toString()).isZero();
        try (ImapStore server = server()) {
            assertThat(ids(server, "Sent")).containsExactlyInAnyOrder("s1", "s2");
            assertThat(ids(server, "Sent Items")).containsExactly("s3");
        }
        assertThat(maildirIds(home.resolve("Mail/Sent Items"))).containsExactly("s3");
    }

    @Test
    void aFolderSyncedUnderItsOwnNameBeforeStaysPairedByName() throws Exception {
        DOVECOT.channelConfig(user).writeTo(home.resolve(".mailsync"));
        assertThat(CliRun.run(home, "sync").exitCode()).isZero();
        DOVECOT.channelConfig(user).channelOption("specialuse on").writeTo(home.resolve(".mailsync"));

        CliRun run = CliRun.run(home, "-m", "sync");

        assertThat(run.exitCode()).as(run.toString()).isZero();
        assertThat(run.err()).contains("stay paired by name");
        assertThat(run.out()).doesNotContain("copied").doesNotContain("deleted");
        try (ImapStore server = server()) {
            assertThat(ids(server, "Sent Items")).containsExactly("s3");
        }
    }

    private ImapStore server() {
        return DOVECOT.store(user, "/notls", "another client");
    }

    private static List<String> ids(MailStore store, String folder) throws Exception {
        return store.index(folder).stream().map(MailTree::idOf).toList();
    }
}
