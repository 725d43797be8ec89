package org.mailsync.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mailsync.cli.MailTree.maildir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code mailsync check} on a store of Maildir folders: each structure fault and message fault
 * is named with its folder and file, and makes the exit code 2; a clean store exits 0.
 */
class CheckMaildirTest {

    @TempDir
    Path home;

    Path inbox;

    @BeforeEach
    void store() throws Exception {
        Files.writeString(home.resolve(".mailsync"), "store laptop { pat Mail/*  prefix Mail/ }\n");
        inbox = home.resolve("Mail/INBOX");
        maildir(inbox, "i1", "i2");
        maildir(home.resolve("Mail/work"), "w1");
    }

    @Test
    void aCleanStoreExitsZeroWithoutProblemLines() {
        CliRun run = CliRun.run(home, "check", "laptop");

        assertThat(run.exitCode()).as(run.toString()).isZero();
        assertThat(run.out()).startsWith("Checking store \"laptop\"...\n")
                .contains("INBOX: 2 messages, clean.\n", "work: 1 message, clean.\n", "Checked 2 folders: no problems.")
                .doesNotContain("problem ");
    }

    @Test
    void anUnknownStoreIsAConfigurationError() {
        CliRun run = CliRun.run(home, "check", "nosuch");

        assertThat(run.exitCode()).as(run.toString()).isEqualTo(1);
        assertThat(run.err()).startsWith("Error: ").contains("\"nosuch\"");
        assertThat(run.out()).isEmpty();
    }

    @Test
    void aFileOutsideCurNewAndTmpIsNamed() throws Exception {
        Files.writeString(inbox.resolve("1600000099.M1P1.host"), MailTree.message("lost", "lost"));

        CliRun run = CliRun.run(home, "check", "laptop");

        assertThat(run.exitCode()).as(run.toString()).isEqualTo(2);
        assertThat(run.out()).contains("INBOX: 2 messages, 1 problem.\n",
                "  problem   INBOX 1600000099.M1P1.host: file outside cur/, new/ and tmp/");
    }

    @Test
    void anUnknownFlagLetterInTheInfoIsNamed() throws Exception {
        Files.writeString(inbox.resolve("cur/1600000100.M1P1.host:2,SX"), MailTree.message("x1", "x1"));

        CliRun run = CliRun.run(home, "check", "laptop");

        assertThat(run.exitCode()).as(run.toString()).isEqualTo(2);
        assertThat(run.out()).contains("  problem   INBOX cur/1600000100.M1P1.host:2,SX: bad info suffix \":2,SX\": unknown flag letter \"X\"");
    }

    @Test
    void flagsOutOfOrderAndANonStandardInfoAreNamed() throws Exception {
        Files.writeString(inbox.resolve("cur/1600000101.M1P1.host:2,SF"), MailTree.message("x2", "x2"));
        Files.writeString(inbox.resolve("cur/1600000102.M1P1.host:3,S"), MailTree.message("x3", "x3"));

        CliRun run = CliRun.run(home, "check", "laptop");

        assertThat(run.exitCode()).as(run.toString()).isEqualTo(2);
        assertThat(run.out()).contains("INBOX cur/1600000101.M1P1.host:2,SF: bad info suffix \":2,SF\": flags not in ASCII order",
                "INBOX cur/1600000102.M1P1.host:3,S: bad info suffix \":3,S\": not \":2,\" followed by flags");
    }

    @Test
    void aStaleTmpFileIsNamedAndLeftWhereItIs() throws Exception {
        Path stale = inbox.resolve("tmp/1500000000.M1P999999.host");
        Files.writeString(stale, MailTree.message("t1", "t1"));
        Files.setLastModifiedTime(stale, FileTime.from(Instant.now().minus(Duration.ofHours(40))));
        Path fresh = inbox.resolve("tmp/1600000000.M2P999999.host");
        Files.writeString(fresh, "being delivered");

        CliRun run = CliRun.run(home, "check", "laptop");

        assertThat(run.exitCode()).as(run.toString()).isEqualTo(2);
        assertThat(run.out()).contains("  problem   INBOX tmp/1500000000.M1P999999.host: stale file in tmp/ (older than 36 hours)")
                .doesNotContain("1600000000.M2P999999");
        assertThat(stale).exists();
    }

    @Test
    void malformedAndIdlessMessagesAreNamedByFile() throws Exception {
        Files.writeString(inbox.resolve("cur/1600000103.M1P1.host:2,S"), "this is no header\nFrom: a@b\n\nbody\n",
                StandardCharsets.ISO_8859_1);
        Files.writeString(inbox.resolve("new/1600000104.M1P1.host"), MailTree.message(null, "no id"));

        CliRun run = CliRun.run(home, "check", "laptop");

        assertThat(run.exitCode()).as(run.toString()).isEqualTo(2);
        assertThat(run.out()).contains("INBOX cur/1600000103.M1P1.host:2,S: malformed: header line 1 is neither a field",
                "INBOX new/1600000104.M1P1.host: no Message-ID");
    }
}
