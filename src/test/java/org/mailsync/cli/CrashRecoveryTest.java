package org.mailsync.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mailsync.cli.MailTree.maildir;
import static org.mailsync.cli.MailTree.maildirIds;
import static org.mailsync.cli.MailTree.mbox;
import static org.mailsync.cli.MailTree.mboxIds;

import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A run that dies after carrying out its actions but before committing msinfo (simulated by a
 * route set whose commit step does nothing) leaves a state from which the next run converges:
 * nothing copied twice, nothing lost, nothing deleted that should stay.
 */
class CrashRecoveryTest {

    @TempDir
    Path home;

    Path noCommitRoutes;

    @BeforeEach
    void setUp() throws Exception {
        Files.writeString(home.resolve(".mailsync"), """
                store laptop  { pat Mail/%     prefix Mail/ }
                store archive { pat Archive/%  prefix Archive/  format mbox }
                channel backup laptop archive { msinfo .msinfo }
                """);
        noCommitRoutes = EditedRoutes.write(home.resolve("crash-routes"), """
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

    @Test
    void copiesWithoutCommitAreNotCopiedAgain() throws Exception {
        maildir(home.resolve("Mail/inbox"), "a1", "a2");
        mbox(home.resolve("Archive/inbox"), "b1");

        CliRun crashed = CliRun.run(home, "--routes", noCommitRoutes.toString(), "backup");
        CliRun next = CliRun.run(home, "backup");

        assertThat(crashed.exitCode()).as(crashed.toString()).isZero();
        assertThat(next.exitCode()).as(next.toString()).isZero();
        assertThat(next.out()).doesNotContain("copied", "deleted").contains("3 remain.");
        assertThat(maildirIds(home.resolve("Mail/inbox"))).containsExactly("a1", "a2", "b1");
        assertThat(mboxIds(home.resolve("Archive/inbox"))).containsExactly("a1", "a2", "b1");
    }

    @Test
    void deletionsWithoutCommitAreNotUndone() throws Exception {
        maildir(home.resolve("Mail/inbox"), "a1", "a2", "a3");
        mbox(home.resolve("Archive/inbox"));
        assertThat(CliRun.run(home, "backup").exitCode()).isZero();
        mbox(home.resolve("Archive/inbox"), "a2", "a3");

        CliRun crashed = CliRun.run(home, "--routes", noCommitRoutes.toString(), "backup");
        assertThat(maildirIds(home.resolve("Mail/inbox"))).containsExactly("a2", "a3");
        CliRun next = CliRun.run(home, "backup");

        assertThat(crashed.exitCode()).as(crashed.toString()).isZero();
        assertThat(next.exitCode()).as(next.toString()).isZero();
        assertThat(next.out()).doesNotContain("copied", "deleted").contains("2 remain.");
        assertThat(maildirIds(home.resolve("Mail/inbox"))).containsExactly("a2", "a3");
        assertThat(mboxIds(home.resolve("Archive/inbox"))).containsExactly("a2", "a3");
    }
}
