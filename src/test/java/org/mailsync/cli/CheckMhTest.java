package org.mailsync.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code mailsync check} on a store of MH folders: files that are no message files are
 * problems named by file; gaps in the numbering are a note that leaves the exit code 0.
 */
class CheckMhTest {

    @TempDir
    Path home;

    Path inbox;

    @BeforeEach
    void store() throws Exception {
        Files.writeString(home.resolve(".mailsync"), "store mh { pat Mail/*  prefix Mail/  format mh }\n");
        inbox = home.resolve("Mail/inbox");
        Files.createDirectories(inbox);
        Files.writeString(inbox.resolve(".mh_sequences"), "unseen: 2\n");
        Files.writeString(inbox.resolve("1"), MailTree.message("m1", "m1"));
        Files.writeString(inbox.resolve("2"), MailTree.message("m2", "m2"));
    }

    @Test
    void aCleanStoreExitsZeroWithoutProblemLines() throws Exception {
        Files.writeString(inbox.resolve(".xmhcache"), "cache\n");
        Files.writeString(inbox.resolve(",3"), MailTree.message("m3", "removed by rmm"));

        CliRun run = CliRun.run(home, "check", "mh");

        assertThat(run.exitCode()).as(run.toString()).isZero();
        assertThat(run.out()).contains("INBOX: 2 messages, clean.\n", "Checked 1 folder: no problems.")
                .doesNotContain("problem ");
    }

    @Test
    void gapsInTheNumbersAreOnlyANote() throws Exception {
        Files.writeString(inbox.resolve("5"), MailTree.message("m5", "m5"));
        Files.writeString(inbox.resolve("9"), MailTree.message("m9", "m9"));

        CliRun run = CliRun.run(home, "check", "mh");

        assertThat(run.exitCode()).as(run.toString()).isZero();
        assertThat(run.out()).contains("INBOX: 4 messages, 1 note.\n", "  note      INBOX: gaps in the message numbers (3-4, 6-8)")
                .doesNotContain("problem ");
    }

    @Test
    void filesThatAreNoMessageFilesAreNamed() throws Exception {
        Files.writeString(inbox.resolve("notes.txt"), "not mail\n");
        Files.writeString(inbox.resolve("007"), MailTree.message("m7", "leading zero"));

        CliRun run = CliRun.run(home, "check", "mh");

        assertThat(run.exitCode()).as(run.toString()).isEqualTo(2);
        assertThat(run.out()).contains("INBOX: 2 messages, 2 problems.\n",
                "  problem   INBOX 007: not a message file", "  problem   INBOX notes.txt: not a message file");
    }

    @Test
    void malformedAndIdlessMessagesAreNamedByNumber() throws Exception {
        Files.writeString(inbox.resolve("3"), MailTree.message(null, "no id"));
        Files.writeString(inbox.resolve("4"), "\tcontinued nothing\nSubject: x\n\nbody\n");

        CliRun run = CliRun.run(home, "check", "mh");

        assertThat(run.exitCode()).as(run.toString()).isEqualTo(2);
        assertThat(run.out()).contains("  problem   INBOX message 3: no Message-ID",
                "  problem   INBOX message 4: malformed: header line 1 is neither a field");
    }
}
