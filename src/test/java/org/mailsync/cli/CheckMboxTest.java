package org.mailsync.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code mailsync check} on a store of mbox files: separators without a date, unquoted
 * {@code From } lines in bodies, torn last messages, interrupted appends and files that are no
 * mbox are named with their folder and byte offset, and make the exit code 2.
 */
class CheckMboxTest {

    private static final String SEPARATOR = "From alice@example.org Mon Mar  2 10:00:00 2020\n";

    @TempDir
    Path home;

    Path archive;

    @BeforeEach
    void store() throws Exception {
        Files.writeString(home.resolve(".mailsync"), "store archive { pat Mail/*  prefix Mail/  format mbox }\n");
        archive = home.resolve("Mail/archive");
        MailTree.mbox(archive, "a1", "a2");
    }

    @Test
    void aCleanStoreExitsZeroWithoutProblemLines() {
        CliRun run = CliRun.run(home, "check", "archive");

        assertThat(run.exitCode()).as(run.toString()).isZero();
        assertThat(run.out()).contains("archive: 2 messages, clean.\n", "Checked 1 folder: no problems.")
                .doesNotContain("problem ");
    }

    @Test
    void aSeparatorWithoutADateIsNamedByItsOffset() throws Exception {
        String text = SEPARATOR + MailTree.message("b1", "b1") + "\nFrom -\n" + MailTree.message("b2", "b2");
        write(text);

        CliRun run = CliRun.run(home, "check", "archive");

        assertThat(run.exitCode()).as(run.toString()).isEqualTo(2);
        assertThat(run.out()).contains("archive: 2 messages, 1 problem.\n", "  problem   archive message at byte "
                + text.indexOf("From -") + ": separator line \"From -\" has no valid date");
    }

    @Test
    void anUnquotedFromLineInABodyIsNamed() throws Exception {
        String text = SEPARATOR + MailTree.message("b1", "b1") + "\nFrom here on, it is a body line\n\n"
                + SEPARATOR + MailTree.message("b2", "b2");
        write(text);

        CliRun run = CliRun.run(home, "check", "archive");

        assertThat(run.exitCode()).as(run.toString()).isEqualTo(2);
        assertThat(run.out()).contains("  problem   archive message at byte 0: unquoted \"From \" line after an empty line at byte "
                + text.indexOf("From here"));
    }

    @Test
    void aTornLastMessageIsNamed() throws Exception {
        String whole = SEPARATOR + MailTree.message("b1", "b1") + "\n";
        String text = whole + SEPARATOR + MailTree.message("b2", "b2").replace("\nBody of b2\n", "\nBody of");
        write(text);

        CliRun run = CliRun.run(home, "check", "archive");

        assertThat(run.exitCode()).as(run.toString()).isEqualTo(2);
        assertThat(run.out()).contains("  problem   archive message at byte " + whole.length()
                + ": torn: the file does not end in a line end");
    }

    @Test
    void aMessageCutShortInItsHeaderIsNamed() throws Exception {
        String whole = SEPARATOR + MailTree.message("b1", "b1") + "\n";
        write(whole + SEPARATOR + "From: Alice <alice@example.org>\nSubject: cut\n");

        CliRun run = CliRun.run(home, "check", "archive");

        assertThat(run.exitCode()).as(run.toString()).isEqualTo(2);
        assertThat(run.out()).contains("  problem   archive message at byte " + whole.length() + ": torn: the last message's header"
                + " never ends");
    }

    @Test
    void anInterruptedAppendIsNamedAndNotTakenBack() throws Exception {
        String text = SEPARATOR + MailTree.message("b1", "b1") + "\n" + SEPARATOR + "From: half\nMessage-ID: <half@x>\n";
        write(text);
        Files.writeString(home.resolve("Mail/.archive.mailsync-append"), "0 1 2\n");
        Map<String, String> before = MailTree.checksums(home.resolve("Mail"));

        CliRun run = CliRun.run(home, "check", "archive");

        assertThat(run.exitCode()).as(run.toString()).isEqualTo(2);
        assertThat(run.out()).contains("  problem   archive: an interrupted write left .archive.mailsync-append beside the file");
        assertThat(MailTree.checksums(home.resolve("Mail"))).isEqualTo(before);
    }

    @Test
    void malformedAndIdlessMessagesAreNamedByOffset() throws Exception {
        String first = SEPARATOR + MailTree.message(null, "no id") + "\n";
        write(first + SEPARATOR + "Subject: x\nthis line is no field\nMessage-ID: <b2@x>\n\nbody\n");

        CliRun run = CliRun.run(home, "check", "archive");

        assertThat(run.exitCode()).as(run.toString()).isEqualTo(2);
        assertThat(run.out()).contains("  problem   archive message at byte 0: no Message-ID",
                "  problem   archive message at byte " + first.length() + ": malformed: header line 2 is neither a field");
    }

    @Test
    void aFileThatIsNoMboxIsNamed() throws Exception {
        Files.writeString(home.resolve("Mail/notes.txt"), "shopping list\n");

        CliRun run = CliRun.run(home, "check", "archive");

        assertThat(run.exitCode()).as(run.toString()).isEqualTo(2);
        assertThat(run.out()).contains("notes.txt: not a mailbox, 1 problem.\n",
                "  problem   notes.txt: not a mailbox (not an mbox file: it does not start with \"From \")");
    }

    private void write(String text) throws Exception {
        Files.writeString(archive, text, StandardCharsets.ISO_8859_1);
    }
}
