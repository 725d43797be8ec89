package org.mailsync.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mailsync.cli.MailTree.maildir;
import static org.mailsync.cli.MailTree.mbox;
import static org.mailsync.cli.MailTree.mboxIds;

import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mailsync.sync.SyncAction;

/**
 * One bad message never stops a sync: a message that vanishes between indexing and its copy
 * (another mail program deleted it) is reported by name and skipped, the rest are copied, the
 * exit code is 2, and the next run is clean.
 */
class BadMessageTest {

    @TempDir
    Path home;

    @Test
    void aMessageThatCannotBeReadIsReportedAndTheRestAreCopied() throws Exception {
        Files.writeString(home.resolve(".mailsync"), """
                store laptop  { pat Mail/%     prefix Mail/ }
                store archive { pat Archive/%  prefix Archive/  format mbox }
                channel backup laptop archive { msinfo .msinfo }
                """);
        maildir(home.resolve("Mail/inbox"), "m1", "m2", "m3");
        mbox(home.resolve("Archive/inbox"));
        // Just before m2 is copied, its file goes away, as if a mail reader had deleted it.
        Path routes = EditedRoutes.write(home.resolve("routes"), """
                        - bean:
                            id: read-message
                """, """
                        - bean:
                            id: vanish-before-copy
                            beanType: org.mailsync.cli.BadMessageTest$Vanisher
                            method: vanish
                        - bean:
                            id: read-message
                """);
        Vanisher.target(home.resolve("Mail/inbox"), "<m2@example.org>");

        CliRun run = CliRun.run(home, "--routes", routes.toString(), "backup");

        assertThat(run.exitCode()).as(run.toString()).isEqualTo(2);
        assertThat(run.err()).contains("Error: cannot copy message <m2@example.org> from laptop:Mail/inbox to archive:Archive/inbox");
        assertThat(mboxIds(home.resolve("Archive/inbox"))).containsExactly("m1", "m3");
        assertThat(run.out()).contains("2 copied laptop->archive.", "1 error.", "2 remain.");

        CliRun next = CliRun.run(home, "backup");
        assertThat(next.exitCode()).as(next.toString()).isZero();
        assertThat(next.out()).doesNotContain("copied", "deleted").contains("2 remain.");
    }

    /** Deletes one message's Maildir file when its copy comes up; called from the edited route. */
    public static final class Vanisher {
        private static Path folder;
        private static String identity;

        static synchronized void target(Path maildir, String id) {
            folder = maildir;
            identity = id;
        }

        /** The step before each copy. */
        public static synchronized void vanish(SyncAction action) throws Exception {
            if (identity != null && identity.equals(action.identity())) {
                for (String sub : new String[] {"cur", "new"}) {
                    try (var files = Files.list(folder.resolve(sub))) {
                        for (Path f : (Iterable<Path>) files::iterator) {
                            if (Files.readString(f).contains("Message-ID: " + identity)) {
                                Files.delete(f);
                            }
                        }
                    }
                }
                identity = null;
            }
        }
    }
}
