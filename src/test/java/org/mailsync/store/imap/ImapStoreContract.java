package org.mailsync.store.imap;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.mailsync.store.Flag;
import org.mailsync.store.FolderInfo;
import org.mailsync.store.MailStoreContract;
import org.mailsync.store.MessageMeta;

/**
 * The store contract as it applies to any IMAP server: two of its tests are replaced by
 * IMAP-specific ones that check more, for the reasons given on each. Subclasses name the
 * server ({@code ImapStoreContractTest}: GreenMail, {@code ImapStoreDovecotIT}: Dovecot).
 */
public abstract class ImapStoreContract extends MailStoreContract {

    /**
     * Replaces the contract's version: INBOX always exists on IMAP and its name is
     * case-insensitive (RFC 3501 section 5.1), so creating "inbox" is a no-op and the server
     * lists it as "INBOX", not "inbox". Checked here: creating INBOX in any case succeeds,
     * it exists and is empty under either spelling, LIST reports it as selectable, and an
     * ordinary new folder is listed under exactly the name it was created with.
     */
    @Override
    @Test
    protected void createdFolderExistsAndIsEmpty() throws Exception {
        store.createFolder("inbox");
        store.createFolder("INBOX");
        assertThat(store.exists("inbox")).isTrue();
        assertThat(store.exists("Inbox")).isTrue();
        assertThat(store.index("inbox")).isEmpty();
        assertThat(store.listFolders("*")).contains(new FolderInfo("INBOX", true));
        assertThat(store.listFolders("inbox")).containsExactly(new FolderInfo("INBOX", true));

        assertThat(store.exists("fresh")).isFalse();
        store.createFolder("fresh");
        assertThat(store.exists("fresh")).isTrue();
        assertThat(store.index("fresh")).isEmpty();
        assertThat(store.listFolders("*")).contains(new FolderInfo("fresh", true));
    }

    /**
     * Replaces the contract's version, which checksums files below the temp directory: an IMAP
     * store keeps no files there, so it would pass trivially. What reading could change on
     * IMAP is the messages' flags (\Seen above all, RFC 3501 section 6.4.5) and the folder's
     * contents, so: index, read every message and list, then the flags, sizes and keys must be
     * exactly as before, and the temp directory still untouched.
     */
    @Override
    @Test
    protected void readingChangesNoFile() throws Exception {
        store.createFolder("inbox");
        append("inbox", message("<ro1@example.org>", "ro1", "x\n"));
        append("inbox", message("<ro2@example.org>", "ro2", "y\n"));
        Map<String, String> filesBefore = checksums(dir);
        List<MessageMeta> before = store.index("inbox");
        for (MessageMeta meta : before) {
            read("inbox", meta.key());
        }
        store.listFolders("*");
        // index() re-fetches everything from the server: ImapStore caches nothing.
        List<MessageMeta> after = store.index("inbox");
        assertThat(after).isEqualTo(before);
        assertThat(after).allSatisfy(m -> assertThat(m.flags()).doesNotContain(Flag.SEEN));
        assertThat(checksums(dir)).isEqualTo(filesBefore);
    }
}
