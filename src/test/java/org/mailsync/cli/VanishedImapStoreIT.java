package org.mailsync.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mailsync.cli.MailTree.checksums;
import static org.mailsync.cli.MailTree.maildir;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.mailsync.store.FolderInfo;
import org.mailsync.store.MessageMeta;
import org.mailsync.store.imap.DovecotExtension;
import org.mailsync.store.imap.ImapStore;

/**
 * An IMAP account whose every folder vanished is one store-level error with exit 1, against a
 * real Dovecot. An IMAP server cannot delete INBOX (RFC 3501 section 6.3.4) and Dovecot lists it
 * even in an account that has nothing, so for IMAP "every folder vanished" means: every synced
 * folder but INBOX is gone, and INBOX holds no message. An INBOX that still holds mail is a
 * store that is there: its other folders are then skipped one by one as vanished.
 */
class VanishedImapStoreIT {

    @RegisterExtension
    static final DovecotExtension DOVECOT = DovecotExtension.shared();

    @TempDir
    Path home;

    Path mail;
    String user;

    @BeforeEach
    void config() throws Exception {
        mail = home.resolve("Mail");
        user = DOVECOT.newUser();
        DOVECOT.channelConfig(user).withoutRef().writeTo(home.resolve(".mailsync"));
        maildir(mail.resolve("inbox"), "a1", "a2");
        maildir(mail.resolve("work"), "w1");
        maildir(mail.resolve("lists/camel"), "l1");
        CliRun first = CliRun.run(home, "sync");
        assertThat(first.exitCode()).as(first.toString()).isZero();
    }

    private ImapStore server() {
        return DOVECOT.store(user, "/notls", "check");
    }

    /** Every local file (mail and msinfo) but the channel's lock, which each run takes anew. */
    private Map<String, String> localFiles() throws Exception {
        Map<String, String> sums = checksums(home);
        sums.keySet().removeIf(f -> f.endsWith(".lock"));
        return sums;
    }

    /** Deletes every server folder but INBOX, deepest first; empties INBOX too when asked. */
    private void deleteEveryFolder(boolean emptyInbox) throws Exception {
        try (ImapStore s = server()) {
            List<String> names = s.listFolders("*").stream().filter(FolderInfo::selectable).map(FolderInfo::name)
                    .sorted((x, y) -> y.length() - x.length()).toList();
            for (String name : names) {
                if (!name.equalsIgnoreCase("INBOX")) {
                    s.removeFolder(name);
                } else if (emptyInbox) {
                    s.delete(name, s.index(name).stream().map(MessageMeta::key).toList());
                }
            }
            assertThat(s.listFolders("*")).extracting(FolderInfo::name).containsExactly("INBOX");
        }
    }

    @Test
    void everyFolderDeletedAndInboxEmptiedIsOneStoreErrorWithExitOne() throws Exception {
        deleteEveryFolder(true);
        Map<String, String> before = localFiles();

        CliRun run = CliRun.run(home, "sync");

        assertThat(run.exitCode()).as(run.toString()).isEqualTo(1);
        assertThat(run.err().lines().filter(l -> l.startsWith("Error:")).toList()).singleElement().asString()
                .startsWith("Error: store remote seems gone or emptied:").contains("INBOX is empty");
        assertThat(run.err()).doesNotContain("Warning:", "vanished");
        assertThat(localFiles()).as("the local side and msinfo").isEqualTo(before);
        try (ImapStore s = server()) {
            assertThat(s.listFolders("*")).extracting(FolderInfo::name).containsExactly("INBOX");
            assertThat(s.index("INBOX")).isEmpty();
        }
    }

    @Test
    void anInboxThatStillHoldsMailKeepsTheStoreAndEachVanishedFolderIsAWarning() throws Exception {
        deleteEveryFolder(false);
        Map<String, String> before = checksums(mail);

        CliRun run = CliRun.run(home, "sync");

        assertThat(run.exitCode()).as(run.toString()).isEqualTo(2);
        assertThat(run.err()).contains("Warning: folder \"work\" has vanished from store remote",
                "Warning: folder \"lists/camel\" has vanished from store remote").doesNotContain("Error:");
        assertThat(checksums(mail)).isEqualTo(before);
    }
}
