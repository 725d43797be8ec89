package org.mailsync.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mailsync.cli.MailTree.maildir;
import static org.mailsync.cli.MailTree.maildirIds;
import static org.mailsync.cli.MailTree.mbox;
import static org.mailsync.cli.MailTree.mboxIds;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.IntStream;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The deletion circuit breaker end to end (SEMANTICS.md "Deletions users can trust"): a folder
 * mostly wiped on one side does not wipe the other, new mail still flows, the run says how to
 * proceed and exits 2; {@code --force-deletions} (or its old name {@code --allow-emptied}) and
 * the channel's {@code maxdelete} let the deletions through; a few deletions always pass.
 */
class DeletionBreakerCliTest {

    @TempDir
    Path home;

    Path work;
    Path archived;

    @BeforeEach
    void config() {
        work = home.resolve("Mail/work");
        archived = home.resolve("Archive/work");
    }

    private void channel(String keys) throws Exception {
        Files.writeString(home.resolve(".mailsync"), """
                store laptop  { pat Mail/%     prefix Mail/ }
                store archive { pat Archive/%  prefix Archive/  format mbox }
                channel backup laptop archive { msinfo .msinfo KEYS }
                """.replace("KEYS", keys));
    }

    private static String[] ids(int from, int to) {
        return IntStream.range(from, to).mapToObj(i -> "m" + i).toArray(String[]::new);
    }

    /** 30 messages synced, then 25 of them deleted on the archive, where one new message arrived. */
    private void wipedArchive() throws Exception {
        maildir(work, ids(0, 30));
        CliRun first = CliRun.run(home, "backup");
        assertThat(first.exitCode()).as(first.toString()).isZero();
        String[] kept = ids(25, 31);
        kept[kept.length - 1] = "new";
        mbox(archived, kept);
    }

    @Test
    void aWipedFolderDoesNotWipeTheOtherSideAndNewMailStillFlows() throws Exception {
        channel("");
        wipedArchive();

        CliRun held = CliRun.run(home, "backup");

        assertThat(held.exitCode()).as(held.toString()).isEqualTo(2);
        assertThat(held.err()).isEqualTo("Warning: folder \"work\": 25 of 30 synced messages were deleted on store archive;"
                + " not deleting them on store laptop (more than maxdelete 50/20 allows: 50% and 20). To delete them, run"
                + " with --force-deletions or raise the channel's maxdelete\n");
        assertThat(held.out()).contains("work: \n1 copied archive->laptop.\n25 to delete on laptop held back (maxdelete).\n");
        assertThat(maildirIds(work)).hasSize(31).contains("m0", "new");

        CliRun again = CliRun.run(home, "backup");
        assertThat(again.exitCode()).as(again.toString()).isEqualTo(2);
        assertThat(maildirIds(work)).hasSize(31);

        CliRun forced = CliRun.run(home, "--force-deletions", "backup");
        assertThat(forced.exitCode()).as(forced.toString()).isZero();
        assertThat(forced.out()).contains("work: \n25 deleted on laptop.\n6 remain.\n");
        assertThat(maildirIds(work)).containsExactlyInAnyOrder("m25", "m26", "m27", "m28", "m29", "new");
    }

    @Test
    void allowEmptiedIsTheOldNameOfForceDeletions() throws Exception {
        channel("");
        wipedArchive();

        CliRun forced = CliRun.run(home, "--allow-emptied", "backup");

        assertThat(forced.exitCode()).as(forced.toString()).isZero();
        assertThat(maildirIds(work)).hasSize(6).contains("new").doesNotContain("m0");
    }

    @Test
    void theChannelsMaxdeleteLetsThemThrough() throws Exception {
        channel("maxdelete 100");
        wipedArchive();

        CliRun run = CliRun.run(home, "backup");

        assertThat(run.exitCode()).as(run.toString()).isZero();
        assertThat(run.err()).isEmpty();
        assertThat(maildirIds(work)).hasSize(6);
    }

    @Test
    void deletingTheLastMessagesOfASmallFolderPropagates() throws Exception {
        channel("");
        maildir(work, "a1", "a2");
        assertThat(CliRun.run(home, "backup").exitCode()).isZero();
        mbox(archived);
        maildir(work, "new"); // and new mail arrives on the other side (SEMANTICS.md: the folder is not emptied)

        CliRun run = CliRun.run(home, "backup");

        assertThat(run.exitCode()).as(run.toString()).isZero();
        assertThat(run.out()).contains("work: \n1 copied laptop->archive.\n2 deleted on laptop.\n1 remains.\n");
        assertThat(maildirIds(work)).containsExactly("new");
        assertThat(mboxIds(archived)).containsExactly("new");
    }
}
