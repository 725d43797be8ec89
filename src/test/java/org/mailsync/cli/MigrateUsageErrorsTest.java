package org.mailsync.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What {@code mailsync migrate} says, in one line with exit status 1, when it cannot start: a
 * missing store, a store the config does not have, a source with no folder, the same
 * directory twice; and its help.
 */
class MigrateUsageErrorsTest {

    @TempDir
    Path home;

    @Test
    void refusesWhatItCannotStartWithOneLine() throws Exception {
        Path maildir = home.resolve("Maildir");

        CliRun one = CliRun.run(home, "migrate", "maildir:" + maildir);
        assertThat(one.exitCode()).isEqualTo(1);
        assertThat(one.err()).contains("Error: migrate needs a SOURCE and a TARGET store (or --accounts FILE)");

        Files.writeString(home.resolve(".mailsync"), "store laptop { pat Mail/*  prefix Mail/ }\n");
        CliRun unknown = CliRun.run(home, "migrate", "office", "maildir:" + maildir);
        assertThat(unknown.exitCode()).isEqualTo(1);
        assertThat(unknown.err()).contains("A store named \"office\" has not been configured");

        Files.createDirectories(home.resolve("Empty"));
        CliRun empty = CliRun.run(home, "migrate", "mbox:" + home.resolve("Empty"), "maildir:" + maildir);
        assertThat(empty.exitCode()).as(empty.toString()).isEqualTo(1);
        assertThat(empty.err()).contains("matches no folder to migrate");

        CliRun same = CliRun.run(home, "migrate", "maildir:" + maildir, "mbox:" + maildir);
        assertThat(same.exitCode()).isEqualTo(1);
        assertThat(same.err()).contains("source and target are the same directory");

        CliRun both = CliRun.run(home, "migrate", "--accounts", "a.csv", "laptop", "maildir:" + maildir);
        assertThat(both.exitCode()).isEqualTo(1);
        assertThat(both.err()).contains("--accounts takes no SOURCE or TARGET");
    }

    @Test
    void helpNamesEveryOption() {
        CliRun help = CliRun.run(home, "migrate", "-h");
        assertThat(help.exitCode()).isZero();
        assertThat(help.out()).contains("--verify-only", "--accounts", "--parallel", "--routes", "-f, --config", "-di",
                "maildir:PATH", "imap://USER@HOST");
    }
}
