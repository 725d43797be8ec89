package org.mailsync.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code mailsync check} writes nothing: every file of the stores and the channel's msinfo has
 * the same bytes and modification time afterwards, with faults of every kind present (among
 * them the ones a sync would tidy up: a stale tmp/ file, an interrupted mbox append), and no
 * file is added.
 */
class CheckReadsOnlyTest {

    @TempDir
    Path home;

    @BeforeEach
    void channelWithFaults() throws Exception {
        Files.writeString(home.resolve(".mailsync"), """
                store laptop  { pat Mail/*     prefix Mail/ }
                store archive { pat Archive/*  prefix Archive/  format mbox }
                channel backup laptop archive { msinfo .msinfo }
                """);
        MailTree.maildir(home.resolve("Mail/INBOX"), "i1", "i2", "i3");
        MailTree.mbox(home.resolve("Archive/old"), "o1", "o2");
        assertThat(CliRun.run(home, "backup").exitCode()).isZero();

        Path inbox = home.resolve("Mail/INBOX");
        Files.writeString(inbox.resolve("stray"), "outside cur/new/tmp\n");
        Files.writeString(inbox.resolve("cur/1600000100.M1P1.host:2,SX"), MailTree.message("i1", "twin of i1?"));
        Path stale = inbox.resolve("tmp/1500000000.M1P999999.host");
        Files.writeString(stale, "never delivered");
        Files.setLastModifiedTime(stale, FileTime.from(Instant.now().minus(Duration.ofHours(40))));
        Path mh = home.resolve("Mail/mh");
        Files.createDirectories(mh);
        Files.writeString(mh.resolve(".mh_sequences"), "");
        Files.writeString(mh.resolve("1"), MailTree.message(null, "no id"));
        Files.writeString(mh.resolve("4"), MailTree.message("m4", "gap before"));
        Files.writeString(mh.resolve("notes"), "not mail");
        Path old = home.resolve("Archive/old");
        Files.writeString(old, Files.readString(old) + "From -\nFrom: x\nSubject: torn", StandardCharsets.ISO_8859_1);
        Files.writeString(home.resolve("Archive/.old.mailsync-append"), "0 1 2\n");
        Files.writeString(home.resolve("Archive/notes.txt"), "no mbox\n");
        Files.delete(home.resolve("Mail/INBOX/cur").resolve(firstFile(home.resolve("Mail/INBOX/cur"))));
    }

    @Test
    void aStoreCheckChangesNoFile() throws Exception {
        Map<String, String> before = MailTree.checksums(home);

        CliRun run = CliRun.run(home, "check", "laptop");

        assertThat(run.exitCode()).as(run.toString()).isEqualTo(2);
        assertThat(MailTree.checksums(home)).isEqualTo(before);
    }

    @Test
    void aChannelCheckChangesNoFileAndLeavesMsinfoAlone() throws Exception {
        Map<String, String> before = MailTree.checksums(home);

        CliRun run = CliRun.run(home, "check", "backup");

        assertThat(run.exitCode()).as(run.toString()).isEqualTo(2);
        assertThat(run.out()).contains("INBOX on laptop:", "old on archive:", "notes.txt on archive: not a mailbox");
        assertThat(MailTree.checksums(home)).isEqualTo(before);
    }

    private static String firstFile(Path dir) throws Exception {
        try (var files = Files.list(dir)) {
            return files.map(f -> f.getFileName().toString()).filter(n -> n.startsWith("1600000000.")).sorted().findFirst()
                    .orElseThrow();
        }
    }
}
