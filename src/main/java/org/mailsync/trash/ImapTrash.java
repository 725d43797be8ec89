package org.mailsync.trash;

import org.mailsync.store.MailStore;
import org.mailsync.store.StoreException;

/**
 * The trash of an IMAP store: the folder named by the store's {@code trash NAME}, else the one
 * with the {@code \Trash} special-use attribute (RFC 6154 section 2), else a folder
 * {@value #DEFAULT_NAME}, created when a deletion first needs it. Creating one is better than
 * falling back to expunging: a user who never set up a trash still gets a deletion back. The
 * name is looked up once (one LIST) and kept in a {@link Name} that the caller may share
 * between runs (the daemon's polls then send no extra LIST); whether the folder exists is
 * checked once per run that deletes something, as a user may have removed it meanwhile.
 */
public final class ImapTrash implements SideTrash {

    /** The folder created when the server has no {@code \Trash} folder and none is configured. */
    public static final String DEFAULT_NAME = "Trash";
    /** The special-use attribute of a trash folder (RFC 6154 section 2). */
    public static final String TRASH_ATTRIBUTE = "\\Trash";

    /** The trash folder's name once looked up; shareable between runs of one store config. */
    public static final class Name {
        private volatile String value;
    }

    private final String configured;
    private final Name name;
    private volatile boolean exists;

    /** @param configured the store's {@code trash NAME}, or null to look for {@code \Trash} */
    public ImapTrash(String configured) {
        this(configured, new Name());
    }

    /**
     * @param configured the store's {@code trash NAME}, or null to look for {@code \Trash}
     * @param name       where the looked-up name is kept (shared by runs of the same store config)
     */
    public ImapTrash(String configured, Name name) {
        this.configured = configured;
        this.name = name;
    }

    @Override
    public MailStore store(MailStore sideStore) {
        return sideStore;
    }

    /** The trash folder's name, looked up on first use. */
    public String name(MailStore sideStore) throws StoreException {
        if (configured != null) {
            return configured;
        }
        String n = name.value;
        if (n == null) {
            n = sideStore.specialUseFolder(TRASH_ATTRIBUTE);
            name.value = n == null ? DEFAULT_NAME : n;
            exists = n != null; // listed with the attribute just now: it is there
            n = name.value;
        }
        return n;
    }

    @Override
    public String folder(MailStore sideStore, String boxname) throws StoreException {
        String n = name(sideStore);
        if (!exists) {
            synchronized (this) {
                if (!exists) {
                    // Another connection's pair may create it at the same moment: createFolder
                    // takes an existing folder as done.
                    sideStore.createFolder(n);
                    exists = true;
                }
            }
        }
        return n;
    }

    @Override
    public boolean isTrash(MailStore sideStore, String folder) throws StoreException {
        String n = name(sideStore);
        return n.equals(folder);
    }
}
