package org.mailsync.trash;

import org.mailsync.store.MailStore;
import org.mailsync.store.StoreException;

/**
 * Where one side of a channel keeps the messages a sync deleted there: a folder of the same
 * IMAP store ({@link ImapTrash}) or of the channel's local trash directory ({@link LocalTrash}).
 * Methods take the side's store as the folder pair (or run) leased it, as an IMAP connection
 * serves one thread at a time.
 */
public interface SideTrash {

    /** The store that holds the trash folders: the side's own IMAP store, or the local trash. */
    MailStore store(MailStore sideStore) throws StoreException;

    /**
     * The trash folder for messages deleted from the folder pair {@code boxname}, created if it
     * is not there yet.
     */
    String folder(MailStore sideStore, String boxname) throws StoreException;

    /** Whether a folder of the side's store is this trash (skipped by patterns with wildcards). */
    boolean isTrash(MailStore sideStore, String folder) throws StoreException;
}
