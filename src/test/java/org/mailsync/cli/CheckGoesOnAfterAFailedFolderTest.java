package org.mailsync.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mailsync.cli.MailTree.maildir;

import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code mailsync check}: a folder that cannot be checked is reported and skipped, and the run
 * still ends with its summary and exit 2 — also when it is the last folder, after which the
 * split's aggregation must not stop the route.
 */
class CheckGoesOnAfterAFailedFolderTest {

    @TempDir
    Path home;

    Path routes;

    @BeforeEach
    void storeAndFailingRoute() throws Exception {
        Files.writeString(home.resolve(".mailsync"), "store laptop { pat Mail/*  prefix Mail/ }\n");
        maildir(home.resolve("Mail/INBOX"), "i1", "i2");
        maildir(home.resolve("Mail/work"), "w1");
        routes = EditedRoutes.write(home.resolve("routes"), """
                        - bean:
                            id: check-folder
                            ref: storeChecker
                            method: check
                """, """
                        - filter:
                            id: fail-one-folder
                            expression:
                              simple:
                                expression: "${exchangeProperty.mailsyncPair.boxname} == '${sys.failFolder}'"
                            steps:
                              - throwException:
                                  exceptionType: java.io.IOException
                                  message: "cannot be read"
                        - bean:
                            id: check-folder
                            ref: storeChecker
                            method: check
                """);
    }

    @Test
    void theLastFolderFailingStillGivesTheSummary() {
        System.setProperty("failFolder", "work");
        try {
            CliRun run = CliRun.run(home, "check", "--routes", routes.toString(), "laptop");

            assertThat(run.exitCode()).as(run.toString()).isEqualTo(2);
            assertThat(run.out()).as(run.toString()).contains("INBOX: 2 messages, clean.").contains("Checked ");
            assertThat(run.err()).contains("work").contains("cannot be read");
        } finally {
            System.clearProperty("failFolder");
        }
    }

    @Test
    void theFirstFolderFailingStillChecksTheRest() {
        System.setProperty("failFolder", "INBOX");
        try {
            CliRun run = CliRun.run(home, "check", "--routes", routes.toString(), "laptop");

            assertThat(run.exitCode()).as(run.toString()).isEqualTo(2);
            assertThat(run.out()).as(run.toString()).contains("work: 1 message, clean.").contains("Checked ");
        } finally {
            System.clearProperty("failFolder");
        }
    }
}
