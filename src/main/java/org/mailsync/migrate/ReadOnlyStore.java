package org.mailsync.migrate;

import java.io.InputStream;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.mailsync.store.Flag;
import org.mailsync.store.FlagChange;
import org.mailsync.store.FolderInfo;
import org.mailsync.store.FolderNotFoundException;
import org.mailsync.store.FolderSnapshot;
import org.mailsync.store.MailStore;
import org.mailsync.store.MessageMeta;
import org.mailsync.store.StoreException;
import org.mailsync.store.local.LocalStore;
import org.mailsync.store.maildir.MaildirFormat;
import org.mailsync.store.maildir.MaildirPlusPlusStore;
import org.mailsync.store.mbox.MboxFormat;

/**
 * A store opened for reading only: the source of a migration. Every change (append, flags,
 * delete, move, folders) is refused with a {@link StoreException} before the store is asked;
 * a local store's folders are read with {@link LocalStore#examine} (a Maildir++ store's with
 * {@link MaildirFormat#examine}), which leaves even the tidying an index does undone (stale
 * {@code tmp/} files, an interrupted mbox append: such an mbox folder is refused, as reading
 * its messages would tidy it first), and an
 * IMAP store reads with EXAMINE and {@code BODY.PEEK} anyway, so nothing is marked read.
 */
public final class ReadOnlyStore implements MailStore {

    private final MailStore store;

    /** @param store the store to read; closed with this one */
    public ReadOnlyStore(MailStore store) {
        this.store = store;
    }

    /** The store this one reads. */
    public MailStore store() {
        return store;
    }

    @Override
    public char delimiter() {
        return store.delimiter();
    }

    @Override
    public List<FolderInfo> listFolders(String pattern) throws StoreException {
        return store.listFolders(pattern);
    }

    @Override
    public boolean exists(String folder) throws StoreException {
        return store.exists(folder);
    }

    @Override
    public List<MessageMeta> index(String folder) throws StoreException {
        if (store instanceof LocalStore local) {
            refuseTidying(local, folder);
            return local.examine(folder);
        }
        if (store instanceof MaildirPlusPlusStore plusPlus) {
            // Its index would tidy tmp/; read the folder's directory as a check does instead.
            if (!plusPlus.exists(folder)) {
                throw new FolderNotFoundException("store " + store + ": no mail folder " + folder);
            }
            return new MaildirFormat().examine(folder.equalsIgnoreCase("INBOX") ? plusPlus.root()
                    : plusPlus.root().resolve("." + folder));
        }
        return store.index(folder);
    }

    @Override
    public FolderSnapshot index(String folder, FolderSnapshot previous) throws StoreException {
        return FolderSnapshot.uncached(index(folder));
    }

    @Override
    public boolean isEmpty(String folder) throws StoreException {
        return index(folder).isEmpty();
    }

    @Override
    public InputStream open(String folder, String key) throws StoreException {
        if (store instanceof LocalStore local) {
            refuseTidying(local, folder);
        }
        return store.open(folder, key);
    }

    /**
     * Refuses an mbox folder that reading would first tidy (take back an append cut short,
     * remove an abandoned lock or scratch copy): the source is not written, not even for that.
     */
    private static void refuseTidying(LocalStore local, String folder) throws StoreException {
        if ("mbox".equals(local.formatName(folder))) {
            String why = MboxFormat.tidyingBeforeReading(local.root().resolve(folder));
            if (why != null) {
                throw new StoreException("mbox folder " + folder + " of the read-only source is not read: " + why
                        + "; a sync of it, or the program writing it, finishes that first");
            }
        }
    }

    @Override
    public String append(String folder, InputStream message, Set<Flag> flags, Instant internalDate) throws StoreException {
        throw refused("add a message to " + folder);
    }

    @Override
    public String append(String folder, InputStream message, Set<Flag> flags, Set<String> keywords, Instant internalDate)
            throws StoreException {
        throw refused("add a message to " + folder);
    }

    @Override
    public void changeFlags(String folder, Map<String, FlagChange> changes) throws StoreException {
        throw refused("change flags in " + folder);
    }

    @Override
    public void delete(String folder, Collection<String> keys) throws StoreException {
        throw refused("delete messages of " + folder);
    }

    @Override
    public Map<String, String> move(String folder, List<MessageMeta> messages, String target) throws StoreException {
        throw refused("move messages of " + folder);
    }

    @Override
    public void createFolder(String folder) throws StoreException {
        throw refused("create folder " + folder);
    }

    @Override
    public void removeFolder(String folder) throws StoreException {
        throw refused("remove folder " + folder);
    }

    @Override
    public void close() {
        store.close();
    }

    @Override
    public String toString() {
        return store + " (read-only)";
    }

    private StoreException refused(String what) {
        return new StoreException("store " + store + " is the read-only source of a migration: refusing to " + what);
    }
}
