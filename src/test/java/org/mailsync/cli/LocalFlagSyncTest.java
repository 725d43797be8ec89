package org.mailsync.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mailsync.cli.MailTree.maildir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mailsync.store.Flag;
import org.mailsync.store.FlagChange;
import org.mailsync.store.MailStore;
import org.mailsync.store.MessageMeta;
import org.mailsync.store.local.LocalStore;
import org.mailsync.store.maildir.MaildirFormat;

/**
 * Flag sync between local stores, end to end: a flag set in a Maildir reaches an mbox copy
 * (its Status/X-Status headers), a flag a mail reader sets in the mbox (rewriting the Status
 * header, as mutt does) reaches the Maildir, and the mbox's bytes are otherwise untouched.
 */
class LocalFlagSyncTest {

    @TempDir
    Path home;

    @BeforeEach
    void config() throws Exception {
        Files.writeString(home.resolve(".mailsync"), """
                store laptop  { pat Mail/%     prefix Mail/ }
                store archive { pat Archive/%  prefix Archive/  format mbox }
                channel backup laptop archive { msinfo .msinfo }
                """);
        maildir(home.resolve("Mail/inbox"), "a1", "a2");
        MailTree.mbox(home.resolve("Archive/inbox"));
        assertThat(CliRun.run(home, "backup").exitCode()).isZero();
        Thread.sleep(100);
        assertThat(CliRun.run(home, "backup").exitCode()).isZero();
        Thread.sleep(100);
    }

    @Test
    void aFlagSetInTheMaildirReachesTheMbox() throws Exception {
        MaildirFormat format = new MaildirFormat();
        MailStore laptop = new LocalStore("laptop", home.resolve("Mail"), List.of(format), format);
        laptop.changeFlags("inbox", Map.of(key(laptop, "a2"), new FlagChange(Set.of(Flag.FLAGGED), Set.of(), Set.of(), Set.of())));
        Thread.sleep(100);

        CliRun run = CliRun.run(home, "backup");

        assertThat(run.exitCode()).as(run.toString()).isZero();
        String mbox = Files.readString(home.resolve("Archive/inbox"), StandardCharsets.ISO_8859_1);
        String a2 = mbox.substring(mbox.indexOf("<a2@"));
        assertThat(a2).containsPattern("(?m)^X-Status: [A-Z]*F");
        assertThat(mbox).contains("Body of subject a1").contains("Body of subject a2");
    }

    @Test
    void aFlagAMailReaderSetsInTheMboxReachesTheMaildir() throws Exception {
        Path box = home.resolve("Archive/inbox");
        String mbox = Files.readString(box, StandardCharsets.ISO_8859_1);
        // mutt marks a1 flagged: it rewrites the message's X-Status header
        int at = mbox.indexOf("<a1@");
        String before = mbox.substring(0, at);
        String after = mbox.substring(at);
        after = after.replaceFirst("(?m)^X-Status: ([A-Z]*)$", "X-Status: $1F");
        if (!after.contains("X-Status:")) {
            after = after.replaceFirst("\n", "\nX-Status: F\n");
        }
        Files.writeString(box, before + after, StandardCharsets.ISO_8859_1);
        Thread.sleep(100);

        CliRun run = CliRun.run(home, "backup");

        assertThat(run.exitCode()).as(run.toString()).isZero();
        MaildirFormat format = new MaildirFormat();
        MailStore laptop = new LocalStore("laptop", home.resolve("Mail"), List.of(format), format);
        assertThat(meta(laptop, "a1").flags()).contains(Flag.FLAGGED, Flag.SEEN);
        assertThat(meta(laptop, "a2").flags()).doesNotContain(Flag.FLAGGED);
    }

    private static String key(MailStore store, String id) throws Exception {
        return meta(store, id).key();
    }

    private static MessageMeta meta(MailStore store, String id) throws Exception {
        return MailTree.meta(store, "inbox", id);
    }
}
