package org.mailsync.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Duplicates found by {@code mailsync check}: a byte-identical later copy is told apart from a
 * different message under the same Message-ID, and {@code --fix-duplicates} removes exactly the
 * identical later copies (the first in folder order stays) and nothing else.
 */
class CheckDuplicatesTest {

    private static final String SEPARATOR = "From alice@example.org Mon Mar  2 10:00:00 2020\n";

    @TempDir
    Path home;

    Path cur;

    @BeforeEach
    void store() throws Exception {
        Files.writeString(home.resolve(".mailsync"), "store laptop { pat Mail/*  prefix Mail/ }\n");
        MailTree.maildir(home.resolve("Mail/INBOX"));
        cur = home.resolve("Mail/INBOX/cur");
        String d1 = MailTree.message("d1", "twin");
        Files.writeString(cur.resolve("1600000001.M1P1.host:2,S"), d1);
        Files.writeString(cur.resolve("1600000002.M1P1.host:2,S"), MailTree.message("d2", "other"));
        // the same bytes again, with other flags: flags are not content
        Files.writeString(cur.resolve("1600000003.M1P1.host:2,FS"), d1);
        // the same Message-ID, other content
        Files.writeString(cur.resolve("1600000004.M1P1.host:2,S"), MailTree.message("d1", "not the twin"));
    }

    @Test
    void identicalCopiesAndSharedIdsAreToldApart() {
        CliRun run = CliRun.run(home, "check", "laptop");

        assertThat(run.exitCode()).as(run.toString()).isEqualTo(2);
        assertThat(run.out()).contains("INBOX: 4 messages, 2 problems.\n",
                "  problem   INBOX cur/1600000003.M1P1.host:2,FS: duplicate: a byte-identical copy of cur/1600000001.M1P1.host:2,S",
                "  problem   INBOX cur/1600000004.M1P1.host:2,S: duplicate Message-ID <d1@example.org> of"
                        + " cur/1600000001.M1P1.host:2,S, with different content");
    }

    @Test
    void fixDuplicatesRemovesOnlyTheIdenticalLaterCopy() throws Exception {
        CliRun run = CliRun.run(home, "check", "--fix-duplicates", "laptop");

        assertThat(run.exitCode()).as(run.toString()).isEqualTo(2);
        assertThat(run.out()).contains("  removed   INBOX cur/1600000003.M1P1.host:2,FS (a copy of cur/1600000001.M1P1.host:2,S)",
                "Removed 1 identical copy.");
        try (var files = Files.list(cur)) {
            assertThat(files.map(f -> f.getFileName().toString())).containsExactlyInAnyOrder("1600000001.M1P1.host:2,S",
                    "1600000002.M1P1.host:2,S", "1600000004.M1P1.host:2,S");
        }
        CliRun again = CliRun.run(home, "check", "laptop");
        assertThat(again.out()).as(again.toString()).contains("INBOX: 3 messages, 1 problem.\n").doesNotContain("byte-identical");
    }

    @Test
    void inAChannelCheckTheRemovedCopyGoesToTheTrashAndUndoBringsItBack() throws Exception {
        Files.writeString(home.resolve(".mailsync"), """
                store laptop { pat Mail/*     prefix Mail/ }
                store backup { pat Backup/*   prefix Backup/ }
                channel keep laptop backup { msinfo .msinfo }
                """);
        MailTree.maildir(home.resolve("Backup/INBOX"));

        CliRun run = CliRun.run(home, "check", "--fix-duplicates", "keep");

        assertThat(run.exitCode()).as(run.toString()).isEqualTo(2);
        assertThat(run.out()).contains("Removed 1 identical copy.");
        try (var files = Files.walk(home.resolve(".msinfo.trash"))) {
            assertThat(files.filter(Files::isRegularFile).map(f -> f.getFileName().toString()))
                    .as("moved into the channel's trash, not deleted").contains("1600000003.M1P1.host:2,FS");
        }
        CliRun list = CliRun.run(home, "undo", "-s", "keep");
        assertThat(list.out()).as(list.toString()).contains("d1");

        CliRun undo = CliRun.run(home, "undo", "keep");

        assertThat(undo.exitCode()).as(undo.toString()).isZero();
        assertThat(MailTree.maildirIds(home.resolve("Mail/INBOX"))).filteredOn("d1"::equals).hasSize(3);
    }

    @Test
    void fixDuplicatesInAnMboxKeepsTheFirstCopy() throws Exception {
        Files.writeString(home.resolve(".mailsync"), "store archive { pat Archive/*  prefix Archive/ }\n");
        Path mbox = home.resolve("Archive/old");
        Files.createDirectories(mbox.getParent());
        String a = SEPARATOR + MailTree.message("a1", "a1") + "\n";
        String b = SEPARATOR + MailTree.message("a2", "a2") + "\n";
        Files.writeString(mbox, a + b + a + b + a, StandardCharsets.ISO_8859_1);

        CliRun run = CliRun.run(home, "check", "--fix-duplicates", "archive");

        assertThat(run.exitCode()).as(run.toString()).isEqualTo(2);
        assertThat(run.out()).contains("old: 5 messages, 3 problems.\n", "  removed   old message at byte " + (a.length() + b.length())
                + " (a copy of message at byte 0)", "Removed 3 identical copies.");
        assertThat(Files.readString(mbox, StandardCharsets.ISO_8859_1)).isEqualTo(a + b);
    }
}
