package org.mailsync.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mailsync.cli.MailTree.maildir;
import static org.mailsync.cli.MailTree.mbox;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A local store whose every folder vanished (its root directory renamed away, as an unmounted
 * disk or a moved directory looks, or made anew by a mail client with nothing but an empty
 * inbox) is refused as one store-level error with exit 1, never read folder by folder as
 * "vanished": nothing changes on the other side and msinfo stays as it was.
 */
class VanishedStoreTest {

    @TempDir
    Path home;

    /** Every file of the home directory but the channel's lock, which each run takes anew. */
    private Map<String, String> files() throws Exception {
        Map<String, String> sums = MailTree.checksums(home);
        sums.keySet().removeIf(f -> f.endsWith(".lock"));
        return sums;
    }

    private void config(String laptop) throws Exception {
        Files.writeString(home.resolve(".mailsync"), """
                store laptop  { %s }
                store archive { pat Archive/%%  prefix Archive/  format mbox }
                channel backup laptop archive { msinfo .msinfo }
                """.formatted(laptop));
    }

    /** Syncs two folders, renames {@code root} away and runs again: one error, exit 1, nothing changed. */
    private void assertRefusedAfterRenaming(Path root) throws Exception {
        CliRun first = CliRun.run(home, "backup");
        assertThat(first.exitCode()).as(first.toString()).isZero();
        Files.move(root, root.resolveSibling(root.getFileName() + ".away"));
        Map<String, String> before = files();

        CliRun run = CliRun.run(home, "backup");

        assertThat(run.exitCode()).as(run.toString()).isEqualTo(1);
        assertThat(run.err()).contains("Error: ", "store laptop", "gone or emptied").doesNotContain("Warning:", "vanished");
        assertThat(run.err().lines().filter(l -> l.startsWith("Error:"))).hasSize(1);
        assertThat(files()).as("the other side and msinfo").isEqualTo(before);
    }

    @Test
    void renamedRootOfAPatternStoreIsOneStoreError() throws Exception {
        config("pat Mail/%  prefix Mail/");
        maildir(home.resolve("Mail/inbox"), "a1");
        maildir(home.resolve("Mail/work"), "w1");
        assertRefusedAfterRenaming(home.resolve("Mail"));
    }

    @Test
    void renamedRootOfAPathStoreIsOneStoreError() throws Exception {
        config("path Mail");
        maildir(home.resolve("Mail/inbox"), "a1");
        maildir(home.resolve("Mail/work"), "w1");
        assertRefusedAfterRenaming(home.resolve("Mail"));
    }

    @Test
    void renamedRootOfAMaildirPlusPlusStoreIsOneStoreError() throws Exception {
        config("path Maildir  layout maildir++");
        maildir(home.resolve("Maildir"), "a1");
        maildir(home.resolve("Maildir/.work"), "w1");
        assertRefusedAfterRenaming(home.resolve("Maildir"));
    }

    @Test
    void aRootMadeAnewWithOnlyAnEmptyInboxIsOneStoreError() throws Exception {
        // A mail client that finds its root gone makes a new, empty inbox: INBOX alone, and
        // empty, is no sign of the store that was synced (as on an IMAP server, which always
        // lists INBOX). Before, this was one warning per folder and exit 2.
        config("pat Mail/%  prefix Mail/");
        maildir(home.resolve("Mail/inbox"), "a1");
        maildir(home.resolve("Mail/work"), "w1");
        CliRun first = CliRun.run(home, "backup");
        assertThat(first.exitCode()).as(first.toString()).isZero();
        Files.move(home.resolve("Mail"), home.resolve("Mail.away"));
        maildir(home.resolve("Mail/inbox"));
        Map<String, String> before = files();

        CliRun run = CliRun.run(home, "backup");

        assertThat(run.exitCode()).as(run.toString()).isEqualTo(1);
        assertThat(run.err()).contains("Error: store laptop seems gone or emptied: none of the 2 folders synced before is left"
                + " (only INBOX is, and INBOX is empty)").doesNotContain("Warning:");
        assertThat(files()).isEqualTo(before);
    }

    @Test
    void renamedRootOfTheMboxSideIsOneStoreError() throws Exception {
        config("pat Mail/%  prefix Mail/");
        maildir(home.resolve("Mail/inbox"), "a1");
        mbox(home.resolve("Archive/work"), "w1");
        CliRun first = CliRun.run(home, "backup");
        assertThat(first.exitCode()).as(first.toString()).isZero();
        Files.move(home.resolve("Archive"), home.resolve("Archive.away"));
        Map<String, String> before = files();

        CliRun run = CliRun.run(home, "backup");

        assertThat(run.exitCode()).as(run.toString()).isEqualTo(1);
        assertThat(run.err()).contains("Error: ", "store archive", "gone or emptied").doesNotContain("Warning:");
        assertThat(files()).isEqualTo(before);
    }
}
