package org.mailsync.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code -q}: a run prints nothing but its errors. No summary on standard output, no warnings
 * or notes on standard error, and the exit status is the one the same run has without it.
 */
class QuietRunSaysOnlyErrorsTest {

    @TempDir
    Path home;

    @TempDir
    Path twin;

    @BeforeEach
    void stores() throws Exception {
        Files.writeString(home.resolve(".mailsync"), """
                store laptop  { pat Mail/%     prefix Mail/ }
                store archive { pat Archive/%  prefix Archive/  format mbox }
                channel backup laptop archive { msinfo .msinfo }
                """);
        MailTree.maildir(home.resolve("Mail/INBOX"), "m1", "m2");
        MailTree.maildir(home.resolve("Mail/work"), "w1");
    }

    @Test
    void aSyncSaysNothingAndStillSyncs() {
        CliRun run = CliRun.run(home, "-q", "backup");

        assertThat(run.exitCode()).as(run.toString()).isZero();
        assertThat(run.out()).isEmpty();
        assertThat(run.err()).isEmpty();
        assertThat(Files.exists(home.resolve("Archive/INBOX"))).isTrue();
    }

    @Test
    void warningsAreLeftOutAndTheExitStatusStays() throws Exception {
        assertThat(CliRun.run(home, "backup").exitCode()).isZero();
        try (Stream<Path> files = Files.walk(home.resolve("Mail/work"))) {
            for (Path f : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(f);
            }
        }
        JsonDocument.copyTree(home, twin);

        CliRun loud = CliRun.run(twin, "backup");
        CliRun quiet = CliRun.run(home, "-q", "backup");

        assertThat(loud.err()).contains("Warning: folder \"work\" has vanished");
        assertThat(quiet.exitCode()).as(quiet.toString()).isEqualTo(loud.exitCode()).isEqualTo(2);
        assertThat(quiet.out()).isEmpty();
        assertThat(quiet.err()).isEmpty();
    }

    @Test
    void errorsAreStillSaid() {
        for (String[] args : new String[][] {{"-q", "nosuch"}, {"check", "-q", "nosuch"}, {"undo", "-q", "nosuch"}}) {
            CliRun run = CliRun.run(home, args);

            assertThat(run.exitCode()).as(run.toString()).isEqualTo(1);
            assertThat(run.out()).isEmpty();
            assertThat(run.err()).startsWith("Error: ").contains("nosuch");
        }
    }

    @Test
    void aCheckSaysOnlyItsExitStatus() throws Exception {
        Files.writeString(home.resolve("Mail/INBOX/cur/1600000103.M1P1.host:2,SX"), MailTree.message("x1", "bad suffix"));

        CliRun run = CliRun.run(home, "check", "-q", "laptop");

        assertThat(run.exitCode()).as(run.toString()).isEqualTo(2);
        assertThat(run.out()).isEmpty();
        assertThat(run.err()).isEmpty();
    }
}
