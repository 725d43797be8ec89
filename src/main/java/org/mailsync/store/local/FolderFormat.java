package org.mailsync.store.local;

import java.io.InputStream;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.mailsync.store.Flag;
import org.mailsync.store.FlagChange;
import org.mailsync.store.FolderSnapshot;
import org.mailsync.store.MessageMeta;
import org.mailsync.store.StoreException;

/**
 * One on-disk mailbox format (Maildir, mbox, MH): how to recognise a folder of that format and
 * how to read and change one, given its path. {@link LocalStore} maps folder names to paths and
 * picks the format of each folder; the format does the rest.
 */
public interface FolderFormat {

    /** The format's name as users write it in a config ({@code maildir}, {@code mbox}, {@code mh}). */
    String name();

    /**
     * How many bytes of a file name ({@link LocalFolderNames#MAX_NAME_BYTES}) a folder's own
     * name must leave to the files the format keeps beside it, named after it (an mbox's lock
     * and journal), so that a name too long for them is refused before the folder is made, not
     * at its first lock. The default, 0, suits formats whose files sit inside the folder.
     */
    default int siblingNameBytes() {
        return 0;
    }

    /** Whether the path is a folder of this format. Must not change anything. */
    boolean isFolder(Path path);

    /**
     * Whether a child of a folder belongs to the folder itself and so is never a folder of its
     * own: a Maildir's {@code cur}, {@code new} and {@code tmp}, an MH folder's message files.
     */
    boolean isReservedChild(Path folder, String childName);

    /** See {@link org.mailsync.store.MailStore#index(String)}. */
    List<MessageMeta> index(Path folder) throws StoreException;

    /**
     * See {@link org.mailsync.store.MailStore#index(String, FolderSnapshot)}: the folder's index
     * with what is still valid of {@code previous} reused. A snapshot's validity starts with the
     * format's name and a version ({@code maildir/1 ...}), so that one made by another format, or
     * by an older way of stamping, is simply not reused. The default reads everything.
     *
     * @param previous the format's snapshot of the folder from the last sync, or null
     */
    default FolderSnapshot index(Path folder, FolderSnapshot previous) throws StoreException {
        return FolderSnapshot.uncached(index(folder));
    }

    /**
     * The folder's fingerprint ({@link org.mailsync.store.MailStore#fingerprint}), or null when
     * the format cannot tell (the default).
     */
    default String fingerprint(Path folder) throws StoreException {
        return null;
    }

    /** See {@link org.mailsync.store.MailStore#isEmpty(String)}; the default indexes the folder. */
    default boolean isEmpty(Path folder) throws StoreException {
        return index(folder).isEmpty();
    }

    /**
     * The folder's messages as {@link #index(Path)} lists them, read without changing anything
     * at all, not even the tidying an index does (a Maildir's stale {@code tmp/} files, an mbox
     * append cut short): what {@code mailsync check} reads, so that it can report those instead.
     * The default is {@link #index(Path)}, for formats whose index never writes.
     */
    default List<MessageMeta> examine(Path folder) throws StoreException {
        return index(folder);
    }

    /** See {@link org.mailsync.store.MailStore#open(String, String)}. */

    InputStream open(Path folder, String key) throws StoreException;

    /** See {@link org.mailsync.store.MailStore#append(String, InputStream, Set, Instant)}. */
    String append(Path folder, InputStream message, Set<Flag> flags, Instant internalDate) throws StoreException;

    /**
     * See {@link org.mailsync.store.MailStore#append(String, InputStream, Set, Set, Instant)}.
     * The default drops the keywords.
     */
    default String append(Path folder, InputStream message, Set<Flag> flags, Set<String> keywords, Instant internalDate)
            throws StoreException {
        return append(folder, message, flags, internalDate);
    }

    /**
     * See {@link org.mailsync.store.MailStore#changeFlags(String, Map)}: every key is checked
     * before anything changes, and one that no longer names its message is refused with the
     * folder and key named. The default cannot change flags.
     */
    default void changeFlags(Path folder, Map<String, FlagChange> changes) throws StoreException {
        throw new StoreException(name() + " folder " + folder + ": cannot change the flags of messages");
    }

    /** See {@link org.mailsync.store.MailStore#delete(String, Collection)}. */
    void delete(Path folder, Collection<String> keys) throws StoreException;

    /** Creates an empty folder at the path; its parent directories are made as needed. */
    void create(Path folder) throws StoreException;

    /** Removes the folder and its messages, keeping any subfolders below it. */
    void remove(Path folder) throws StoreException;
}
