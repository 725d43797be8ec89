package org.mailsync.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mailsync.cli.MailTree.maildir;
import static org.mailsync.cli.MailTree.maildirIds;
import static org.mailsync.cli.MailTree.mbox;
import static org.mailsync.cli.MailTree.mboxIds;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The whole-store half of the deletion breaker, end to end: a store whose every synced folder
 * is empty (a wiped cache, an empty restore) empties nothing on the other side, not even its
 * small folders the per-folder floor would let through; emptying one small folder of a store
 * that still holds other mail propagates as in the original; {@code --force-deletions} lets a
 * wanted wipe through.
 */
class StoreEmptiedAsAWholeTest {

    @TempDir
    Path home;

    @BeforeEach
    void synced() throws Exception {
        Files.writeString(home.resolve(".mailsync"), """
                store laptop  { pat Mail/%     prefix Mail/ }
                store archive { pat Archive/%  prefix Archive/  format mbox }
                channel backup laptop archive { msinfo .msinfo }
                """);
        maildir(home.resolve("Mail/inbox"), "i1", "i2");
        maildir(home.resolve("Mail/lists"), "l1", "l2", "l3");
        maildir(home.resolve("Mail/work"), "w1");
        for (String box : new String[] {"inbox", "lists", "work"}) {
            mbox(home.resolve("Archive/" + box));
        }
        CliRun first = CliRun.run(home, "backup");
        assertThat(first.exitCode()).as(first.toString()).isZero();
    }

    @Test
    void aStoreEmptiedAsAWholeEmptiesNothingOnTheOtherSide() throws Exception {
        for (String box : new String[] {"inbox", "lists", "work"}) {
            empty(home.resolve("Mail/" + box));
        }

        CliRun run = CliRun.run(home, "backup");

        assertThat(run.exitCode()).as(run.toString()).isEqualTo(2);
        assertThat(run.err()).contains("holds no messages at all").contains("--force-deletions");
        assertThat(mboxIds(home.resolve("Archive/inbox"))).containsExactly("i1", "i2");
        assertThat(mboxIds(home.resolve("Archive/lists"))).containsExactly("l1", "l2", "l3");
        assertThat(mboxIds(home.resolve("Archive/work"))).containsExactly("w1");

        CliRun forced = CliRun.run(home, "--force-deletions", "backup");

        assertThat(forced.exitCode()).as(forced.toString()).isZero();
        assertThat(mboxIds(home.resolve("Archive/lists"))).isEmpty();
    }

    @Test
    void emptyingOneSmallFolderOfAStoreThatHoldsOtherMailPropagates() throws Exception {
        empty(home.resolve("Mail/inbox"));
        mbox(home.resolve("Archive/work"), "w1", "w2"); // and new mail arrives elsewhere

        CliRun run = CliRun.run(home, "backup");

        assertThat(run.exitCode()).as(run.toString()).isZero();
        assertThat(mboxIds(home.resolve("Archive/inbox"))).isEmpty();
        assertThat(maildirIds(home.resolve("Mail/work"))).containsExactly("w1", "w2");
    }

    private static void empty(Path maildir) throws Exception {
        for (String sub : new String[] {"cur", "new"}) {
            try (Stream<Path> files = Files.list(maildir.resolve(sub))) {
                for (Path f : files.toList()) {
                    Files.delete(f);
                }
            }
        }
    }
}
