package org.mailsync.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mailsync.cli.MailTree.maildir;
import static org.mailsync.cli.MailTree.maildirIds;

import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * End to end through the command line: channels generated from an accounts table are channels
 * like any other. Two accounts' Maildirs are synced, each by its own name, into Maildirs that a
 * pattern in the accounts block names, with each channel's state beside the table.
 */
class AccountsTableChannelsSyncTest {

    @TempDir
    Path home;

    @Test
    void twoGeneratedChannelsSyncTheirAccountsMaildirs() throws Exception {
        Files.writeString(home.resolve(".mailsync"), """
                # one channel per row of the table
                accounts accounts.csv {
                    target    maildir:Backup/{account}
                    maxdelete 50/5
                }
                """);
        Files.writeString(home.resolve("accounts.csv"), """
                account,source
                alice,maildir:Mail/alice
                bob,"maildir:Mail/bob"
                """);
        maildir(home.resolve("Mail/alice/inbox"), "alice1", "alice2");
        maildir(home.resolve("Mail/alice/work"), "alice-w");
        maildir(home.resolve("Mail/bob/inbox"), "bob1");
        maildir(home.resolve("Backup/bob/inbox"), "bob-old");

        CliRun alice = CliRun.run(home, "alice");
        CliRun bob = CliRun.run(home, "bob");

        assertThat(alice.exitCode()).as(alice.toString()).isZero();
        assertThat(bob.exitCode()).as(bob.toString()).isZero();
        assertThat(alice.out()).contains("\"alice:source\" <-> \"alice:target\"");
        assertThat(maildirIds(home.resolve("Backup/alice/INBOX"))).as("a new inbox is INBOX").containsExactly("alice1", "alice2");
        assertThat(maildirIds(home.resolve("Backup/alice/work"))).containsExactly("alice-w");
        assertThat(maildirIds(home.resolve("Backup/bob/inbox"))).containsExactly("bob-old", "bob1");
        assertThat(maildirIds(home.resolve("Mail/bob/inbox"))).as("both ways").containsExactly("bob-old", "bob1");
        assertThat(home.resolve("accounts.csv.d/alice.msinfo")).isRegularFile();
        assertThat(home.resolve("accounts.csv.d/bob.msinfo")).isRegularFile();

        CliRun again = CliRun.run(home, "alice");

        assertThat(again.exitCode()).as(again.toString()).isZero();
        assertThat(again.out()).doesNotContain("copied", "deleted");
    }

    @Test
    void aBadRowStopsTheRunNamingTableAndLine() throws Exception {
        Files.writeString(home.resolve(".mailsync"), "accounts accounts.csv { target maildir:Backup/{account} }\n");
        Files.writeString(home.resolve("accounts.csv"), "account,source\nalice,maildir:Mail/alice\nbob,Mail/bob\n");

        CliRun run = CliRun.run(home, "alice");

        assertThat(run.exitCode()).as(run.toString()).isEqualTo(1);
        assertThat(run.err()).contains(home.resolve("accounts.csv") + ":3: column \"source\" of account \"bob\":"
                + " \"Mail/bob\" is not a store");
    }
}
