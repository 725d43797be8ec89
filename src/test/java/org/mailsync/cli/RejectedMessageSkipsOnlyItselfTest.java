package org.mailsync.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mailsync.cli.MailTree.maildir;
import static org.mailsync.cli.MailTree.mbox;
import static org.mailsync.cli.MailTree.mboxIds;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import org.apache.camel.Header;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mailsync.msinfo.MsinfoRepository;
import org.mailsync.store.MessageRejectedException;

/**
 * A permanent failure of one copy (the target store rejects the message:
 * {@link MessageRejectedException}, thrown at the copy-message step by an edited route set) is
 * not retried and skips only that message: the others are copied and recorded, the error line
 * names it, the exit code is 2, msinfo does not hold it, and the next run without the fault
 * copies it exactly once.
 */
class RejectedMessageSkipsOnlyItselfTest {

    @TempDir
    Path home;

    @AfterEach
    void disarm() {
        Rejecter.reject(null);
    }

    @Test
    void theRejectedMessageIsReportedSkippedAndCopiedByTheNextRun() throws Exception {
        Files.writeString(home.resolve(".mailsync"), """
                store laptop  { pat Mail/%     prefix Mail/ }
                store archive { pat Archive/%  prefix Archive/  format mbox }
                channel backup laptop archive { msinfo .msinfo }
                """);
        maildir(home.resolve("Mail/inbox"), "m1", "m2", "m3", "m4");
        mbox(home.resolve("Archive/inbox"));
        Path routes = EditedRoutes.write(home.resolve("routes"), """
                              - bean:
                                  id: copy-message
                                  ref: messageCopier
                                  method: append
                """, """
                              - bean:
                                  id: reject-before-copy
                                  beanType: org.mailsync.cli.RejectedMessageSkipsOnlyItselfTest$Rejecter
                                  method: check
                              - bean:
                                  id: copy-message
                                  ref: messageCopier
                                  method: append
                """);
        Rejecter.reject("<m2@example.org>");

        CliRun faulty = CliRun.run(home, "--routes", routes.toString(), "backup");

        assertThat(faulty.exitCode()).as(faulty.toString()).isEqualTo(2);
        assertThat(faulty.err()).isEqualTo("Error: cannot copy message <m2@example.org> from laptop:Mail/inbox to archive:Archive/inbox:"
                + " archive: the server says the message is too big\n");
        assertThat(Rejecter.seen()).as("copy attempts; a permanent failure is not redelivered")
                .containsExactlyInAnyOrder("<m1@example.org>", "<m2@example.org>", "<m3@example.org>", "<m4@example.org>");
        assertThat(mboxIds(home.resolve("Archive/inbox"))).containsExactly("m1", "m3", "m4");
        assertThat(faulty.out()).contains("INBOX: \n3 copied laptop->archive.\n1 error.\n3 remain.\n");
        assertThat(msinfo()).containsExactlyInAnyOrder("<m1@example.org>", "<m3@example.org>", "<m4@example.org>");

        Rejecter.reject(null);
        CliRun next = CliRun.run(home, "backup");

        assertThat(next.exitCode()).as(next.toString()).isZero();
        assertThat(next.err()).isEmpty();
        assertThat(next.out()).contains("INBOX: \n1 copied laptop->archive.\n4 remain.\n");
        assertThat(mboxIds(home.resolve("Archive/inbox"))).containsExactly("m1", "m2", "m3", "m4");
        assertThat(msinfo()).hasSize(4);
        assertThat(CliRun.run(home, "backup").out()).doesNotContain("copied", "deleted").contains("4 remain.");
    }

    private Set<String> msinfo() throws Exception {
        try (MsinfoRepository repo = MsinfoRepository.openReadOnly(home.resolve(".msinfo"))) {
            return repo.load("backup", "INBOX");
        }
    }

    /** The step before each copy: the target store "rejects" one message, every time. */
    public static final class Rejecter {
        private static String identity;
        private static final List<String> SEEN = new ArrayList<>();

        static synchronized void reject(String id) {
            identity = id;
            SEEN.clear();
        }

        static synchronized List<String> seen() {
            return List.copyOf(SEEN);
        }

        /** Called by the edited copy route with the message's identity. */
        public static synchronized void check(@Header("CamelMailsyncIdentity") String id) throws MessageRejectedException {
            SEEN.add(id);
            if (id.equals(identity)) {
                throw new MessageRejectedException("archive: the server says the message is too big", null);
            }
        }
    }
}
