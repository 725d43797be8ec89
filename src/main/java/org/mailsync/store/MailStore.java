package org.mailsync.store;

import java.io.Closeable;
import java.io.InputStream;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.time.Instant;

/**
 * The handful of operations mailsync needs from a collection of mail folders, whatever keeps
 * them: an IMAP server, or a local directory of Maildir, mbox or MH folders. Like camel-file's
 * {@code GenericFileOperations}, policy (safety checks, locking across runs, retries) stays out
 * of the implementations; they do exactly what is asked or throw.
 *
 * <p>Folder names are the store's native full names in its own hierarchy
 * {@linkplain #delimiter() delimiter}. Keys are the ones {@link #index(String)} returned.
 * Folder pairs sync in parallel, so a store is used by several threads at once, but never on
 * the same folder: local stores are shared and must be safe for that; a store that cannot be
 * (an IMAP connection) is leased to one folder pair at a time, one instance per worker
 * ({@code job.StoreLeases}).
 */
public interface MailStore extends Closeable {

    /** The hierarchy delimiter of this store's folder names ({@code '/'} for nested local stores, {@code '.'} for Maildir++). */
    char delimiter();

    /**
     * The folders whose names match an IMAP LIST pattern: {@code %} matches any run of
     * characters but the delimiter, {@code *} any run at all (RFC 3501 section 6.3.8). The
     * name {@code INBOX} matches case-insensitively.
     */
    List<FolderInfo> listFolders(String pattern) throws StoreException;

    /** Whether a selectable folder of that name exists. */
    boolean exists(String folder) throws StoreException;

    /**
     * Every message of a folder, in the folder's own order, without bodies.
     *
     * @throws FolderNotFoundException if the folder does not exist; never an empty list for it
     */
    List<MessageMeta> index(String folder) throws StoreException;

    /**
     * Indexes a folder reusing what is still valid of an earlier snapshot of it, so that only
     * new or changed messages are read: the incremental index. The result lists exactly what
     * {@link #index(String)} would (same keys, sizes, flags, dates; headers may be cut down to
     * the {@linkplain org.mailsync.mail.HeaderBlock#ESSENTIAL_FIELDS essential fields}), so
     * that a stale snapshot can cost time but never a wrong index. {@code previous} comes from
     * the state and may be from another program version, another store's folder of that name
     * or corrupt in any way the store can check: anything that does not validate is re-read.
     * The default reads everything and keeps nothing.
     *
     * @param previous this store's snapshot of the folder from the last sync, or null
     * @throws FolderNotFoundException if the folder does not exist
     */
    default FolderSnapshot index(String folder, FolderSnapshot previous) throws StoreException {
        return FolderSnapshot.uncached(index(folder));
    }

    /**
     * A cheap token for everything {@link #index(String)} would report of the folder: two calls
     * give equal tokens only if the folder's messages (keys, sizes, flags, keywords, dates and
     * bytes) are the same. It lets a sync skip a folder pair whose folders and msinfo are as they
     * were when its last plan was empty, without indexing either folder. Null means "cannot
     * tell cheaply now" (the default; a file that changed too recently; an IMAP server without
     * CONDSTORE, whose flags can change without a trace in STATUS): the folder is then indexed.
     *
     * @throws FolderNotFoundException if the folder does not exist
     */
    default String fingerprint(String folder) throws StoreException {
        return null;
    }

    /**
     * Whether the folder holds no message at all: what the deletion breaker asks of every
     * other folder of a store when one of them was emptied (a whole store wiped). The default
     * indexes the folder; stores override it with something cheaper.
     *
     * @throws FolderNotFoundException if the folder does not exist
     */
    default boolean isEmpty(String folder) throws StoreException {
        return index(folder).isEmpty();
    }

    /** The whole message, exactly as stored (mbox escaping undone). The caller closes it. */
    InputStream open(String folder, String key) throws StoreException;

    /**
     * Adds a message to a folder, keeping its flags and internal date where the store can.
     * The stream holds the whole message in RFC 5322 form with LF or CRLF line ends.
     *
     * @return the new message's key, or null if the store cannot tell it
     */
    String append(String folder, InputStream message, Set<Flag> flags, Instant internalDate) throws StoreException;

    /**
     * Adds a message with its flags, keywords and internal date, as
     * {@link #append(String, InputStream, Set, Instant)} does. A keyword the store cannot keep
     * (no room left for it, or refused by the server) is dropped with a warning; the message is
     * still added. The default drops every keyword.
     *
     * @return the new message's key, or null if the store cannot tell it
     */
    default String append(String folder, InputStream message, Set<Flag> flags, Set<String> keywords,
                          Instant internalDate) throws StoreException {
        return append(folder, message, flags, internalDate);
    }

    /**
     * Changes the flags and keywords of these messages of a folder, each by its own delta,
     * leaving every other flag as it is (flag sync, SEMANTICS.md). Keys are the ones the last
     * {@link #index} returned; a key that no longer names its message is refused, like
     * {@link #delete}. Keys of other messages may change (an mbox rewritten), so callers
     * re-index before using keys again. Every store checks all keys of the batch before it
     * changes anything, so a stale key changes nothing; a keyword the store cannot keep is
     * dropped with a warning, as in {@link #append(String, InputStream, Set, Set, Instant)}.
     *
     * @throws StoreException if a change could not be made; changes already made stay made
     */
    default void changeFlags(String folder, Map<String, FlagChange> changes) throws StoreException {
        throw new StoreException("this store cannot change the flags of messages in " + folder);
    }

    /**
     * Removes exactly these messages from the folder and nothing else (no expunge of other
     * messages already marked deleted). Fails without removing anything it cannot be sure of.
     */
    void delete(String folder, Collection<String> keys) throws StoreException;

    /**
     * Moves exactly these messages of a folder into another folder of this store, keeping their
     * flags, keywords and internal dates (the trash of recoverable deletions, SEMANTICS.md). A
     * kill at any moment leaves each message in {@code folder}, in {@code target}, or in both,
     * never in neither: the default copies them all first ({@link MessageTransfer}) and then
     * removes exactly them with {@link #delete}; IMAP uses {@code UID MOVE}.
     *
     * @return each moved message's key in {@code target} by its key in {@code folder}; a value
     *         is null where the store cannot tell (an IMAP server without UIDPLUS)
     */
    default Map<String, String> move(String folder, List<MessageMeta> messages, String target) throws StoreException {
        return MessageTransfer.copyThenDelete(this, folder, messages, this, target);
    }

    /**
     * The folder that carries a special-use attribute (RFC 6154, such as {@code \Trash}), or
     * null when none does or the store has no such attributes (the default: local stores).
     */
    default String specialUseFolder(String attribute) throws StoreException {
        return null;
    }

    /**
     * Every folder that carries a special-use attribute (RFC 6154: {@code \Sent},
     * {@code \Drafts}, {@code \Junk}, {@code \Archive}, {@code \Trash}, ...), by attribute as the
     * server spells it, the first folder for each; empty when the store has no such attributes
     * (the default: local stores, whose folders are known by name instead).
     */
    default Map<String, String> specialUseFolders() throws StoreException {
        return Map.of();
    }

    /** Creates a folder, and its parents where the store needs them. */
    void createFolder(String folder) throws StoreException;

    /** Removes a folder with its messages; its subfolders, if any, are kept. */
    void removeFolder(String folder) throws StoreException;

    /** Releases connections and locks. */
    @Override
    void close();
}
