package org.mailsync.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mailsync.cli.MailTree.checksums;
import static org.mailsync.cli.MailTree.maildir;
import static org.mailsync.cli.MailTree.mbox;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Failures that end a run print one clear line, never a Java stack trace or a Camel exchange
 * dump (which only {@code -d} shows). {@link CliRun} checks that on every run of the suite; this
 * class proves the check recognises a dump, and runs the failures that used to print one.
 */
class ErrorsStayOneLineTest {

    @TempDir
    Path home;

    @BeforeEach
    void config() throws Exception {
        Files.writeString(home.resolve(".mailsync"), """
                store laptop  { pat Mail/%     prefix Mail/ }
                store archive { pat Archive/%  prefix Archive/  format mbox }
                channel backup laptop archive { msinfo .msinfo }
                """);
        maildir(home.resolve("Mail/inbox"), "a1", "a2");
        mbox(home.resolve("Archive/inbox"), "b1");
    }

    @Test
    void theSweepRecognisesCamelsErrorReportAndStackTraces() {
        String camelReport = """
                ERROR org.apache.camel.processor.errorhandler.DefaultErrorHandler: Failed delivery for (MessageId: 1 on \
                ExchangeId: 2). Exhausted after delivery attempt: 1 caught: java.lang.IllegalStateException: boom

                Message History (complete message history is disabled)
                """;
        String trace = "java.lang.IllegalStateException: boom\n\tat org.mailsync.route.MessageCopier.read(MessageCopier.java:40)\n";

        assertThat(CliRun.DUMP.matcher(camelReport).find()).isTrue();
        assertThat(CliRun.DUMP.matcher(trace).find()).isTrue();
        assertThat(CliRun.DUMP.matcher("Error: cannot copy message <a@x> from laptop:inbox: Exception in reading\n")
                .find()).isFalse();
    }

    @Test
    void aStoreRootRenamedAwayIsOneErrorLine() throws Exception {
        assertThat(CliRun.run(home, "backup").exitCode()).isZero();
        Files.move(home.resolve("Mail"), home.resolve("Mail.moved"));
        Map<String, String> archive = checksums(home.resolve("Archive"));

        CliRun run = CliRun.run(home, "backup");

        assertThat(run.exitCode()).as(run.toString()).isNotZero();
        assertThat(run.err()).as(run.toString()).contains("Error: ").contains("laptop");
        assertThat(run.err().lines().filter(l -> l.startsWith("Error: ")).count()).isEqualTo(1);
        assertThat(checksums(home.resolve("Archive"))).isEqualTo(archive);
    }

    @Test
    void twoFoldersWithOneBoxnameIsOneErrorLine() throws Exception {
        // "inbox" and "INBOX" are both the boxname INBOX.
        maildir(home.resolve("Mail/INBOX"), "c1");

        CliRun run = CliRun.run(home, "backup");

        assertThat(run.exitCode()).as(run.toString()).isEqualTo(1);
        assertThat(run.err()).as(run.toString()).contains("both have the boxname \"INBOX\"");
        assertThat(run.err().lines().count()).as(run.toString()).isEqualTo(1);
    }
}
