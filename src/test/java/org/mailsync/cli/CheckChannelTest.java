package org.mailsync.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code mailsync check CHANNEL} checks both stores, folder by folder, and reports the msinfo
 * entries that match no message on either side.
 */
class CheckChannelTest {

    @TempDir
    Path home;

    @BeforeEach
    void syncedChannel() throws Exception {
        Files.writeString(home.resolve(".mailsync"), """
                store laptop  { pat Mail/*     prefix Mail/ }
                store archive { pat Archive/*  prefix Archive/  format mbox }
                channel backup laptop archive { msinfo .msinfo }
                """);
        MailTree.maildir(home.resolve("Mail/INBOX"), "i1", "i2");
        assertThat(CliRun.run(home, "backup").exitCode()).isZero();
    }

    @Test
    void aCleanChannelExitsZero() {
        CliRun run = CliRun.run(home, "check", "backup");

        assertThat(run.exitCode()).as(run.toString()).isZero();
        assertThat(run.out()).startsWith("Checking channel \"backup\" (stores laptop, archive)...\n")
                .contains("INBOX on laptop: 2 messages, clean.\n", "INBOX on archive: 2 messages, clean.\n",
                        "Checked 2 folders: no problems.")
                .doesNotContain("problem ", "msinfo");
    }

    @Test
    void anEntryMatchingNoMessageOnEitherSideIsReported() throws Exception {
        // i1 deleted on both sides behind mailsync's back
        try (Stream<Path> files = Files.list(home.resolve("Mail/INBOX/cur"))) {
            for (Path f : (Iterable<Path>) files::iterator) {
                if (Files.readString(f).contains("<i1@example.org>")) {
                    Files.delete(f);
                }
            }
        }
        MailTree.mbox(home.resolve("Archive/INBOX"), "i2");

        CliRun run = CliRun.run(home, "check", "backup");

        assertThat(run.exitCode()).as(run.toString()).isEqualTo(2);
        assertThat(run.out()).contains("INBOX on laptop: 1 message, clean.\n", "INBOX (msinfo): 1 stale entry, 1 problem.\n",
                "  problem   INBOX (msinfo) msinfo entry <i1@example.org>: matches no message on laptop or archive");
    }

    @Test
    void aFolderGoneFromBothSidesLeavesOnlyStaleEntries() throws Exception {
        MailTree.maildir(home.resolve("Mail/work"), "w1");
        assertThat(CliRun.run(home, "backup").exitCode()).isZero();
        deleteTree(home.resolve("Mail/work"));
        Files.delete(home.resolve("Archive/work"));

        CliRun run = CliRun.run(home, "check", "backup");

        assertThat(run.exitCode()).as(run.toString()).isEqualTo(2);
        assertThat(run.out()).contains("work (msinfo): 1 stale entry, 1 problem.\n",
                "  problem   work (msinfo) msinfo entry <w1@example.org>: matches no message");
    }

    private static void deleteTree(Path dir) throws Exception {
        try (Stream<Path> all = Files.walk(dir)) {
            for (Path p : all.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }
}
