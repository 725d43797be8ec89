package org.mailsync.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mailsync.cli.MailTree.mbox;
import static org.mailsync.cli.MailTree.mboxIds;

import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Taking over from the original through the command line, with an msinfo the original wrote
 * (kept in the test resources, so this runs without the original installed).
 */
class LegacyImportTest {

    @TempDir
    Path home;

    @Test
    void firstRunImportsTheOriginalsStateOnceAndLeavesItsFileAlone() throws Exception {
        Path legacy = home.resolve(".msinfo");
        Files.copy(Path.of(getClass().getResource("/legacy/msinfo-two-channels.mbox").toURI()), legacy);
        byte[] legacyBytes = Files.readAllBytes(legacy);
        Files.writeString(home.resolve(".mailsync"), """
                store a { pat A/% prefix A/ }
                store b { pat B/% prefix B/ }
                channel plain a b { msinfo .msinfo }
                """);
        // the state the original left (see the sample), then a2 deleted on b
        mbox(home.resolve("A/inbox"), "a1", "a2", "b1", null);
        mbox(home.resolve("B/inbox"), "a1", "b1", null);
        mbox(home.resolve("A/work"), "w1");
        mbox(home.resolve("B/work"), "w1");
        mbox(home.resolve("A/empty"));
        mbox(home.resolve("B/empty"));

        CliRun run = CliRun.run(home, "plain");

        assertThat(run.exitCode()).as(run.toString()).isZero();
        assertThat(run.err()).contains("Imported 3 folders (4 messages) of channel \"plain\" from the original mailsync's msinfo "
                + legacy + "; mailsync now keeps its state in " + home.resolve(".msinfo.db"));
        assertThat(mboxIds(home.resolve("A/inbox"))).as("the deletion on b is known from the import").containsExactly("a1", "b1");
        assertThat(run.out()).doesNotContain("copied");
        assertThat(Files.readAllBytes(legacy)).isEqualTo(legacyBytes);

        CliRun again = CliRun.run(home, "plain");
        assertThat(again.err()).doesNotContain("Imported");
        assertThat(again.out()).doesNotContain("copied", "deleted");
    }

    @Test
    void explicitImportNamesWhatIsMissing() throws Exception {
        Files.writeString(home.resolve(".mailsync"), """
                store a { pat A/% prefix A/ }
                store b { pat B/% prefix B/ }
                channel other a b { msinfo state }
                """);
        Path legacy = home.resolve("old-msinfo");
        Files.copy(Path.of(getClass().getResource("/legacy/msinfo-two-channels.mbox").toURI()), legacy);

        CliRun run = CliRun.run(home, "--import-msinfo", legacy.toString(), "other");

        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.err()).contains("holds no record of channel \"other\"");
        assertThat(CliRun.run(home, "--import-msinfo", "{imap.example.org}msinfo", "other").err()).contains("not supported yet");
    }
}
