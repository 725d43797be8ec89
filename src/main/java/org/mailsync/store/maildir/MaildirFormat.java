package org.mailsync.store.maildir;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.mailsync.store.Flag;
import org.mailsync.store.FlagChange;
import org.mailsync.store.FolderNotFoundException;
import org.mailsync.store.FolderSnapshot;
import org.mailsync.store.MessageMeta;
import org.mailsync.store.StoreException;
import org.mailsync.store.local.FolderFingerprint;
import org.mailsync.store.local.FileStamp;
import org.mailsync.store.local.FolderFormat;
import org.mailsync.store.local.PrivateFiles;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Maildir folders as described in https://cr.yp.to/proto/maildir.html: a directory with
 * {@code cur}, {@code new} and {@code tmp}, one file per message, delivered through {@code tmp}
 * and renamed into place, flags kept in the file name's {@code :2,} info suffix.
 *
 * <p>A message's key is its unique name (the file name up to the first {@code ':'}), which stays
 * the same when another program moves the file from {@code new} to {@code cur} or changes its
 * flags, so keys survive those changes; the file is looked up again whenever it moved. Only the
 * standard {@code ':'} info separator is supported (not the {@code ';'} or {@code '!'} that
 * some Windows ports use instead).
 *
 * <p>Reading never changes a message file: unlike a mail reader, this class does not move
 * messages from {@code new} to {@code cur}, so a sync leaves the user's "new mail" state alone.
 * What it does clean, as the spec asks readers to, is {@code tmp/}: when a folder is indexed or
 * first appended to, the files of deliveries that never finished are removed, a killed
 * mailsync's at once and anyone's after 36 hours ({@link TmpLeftovers}).
 *
 * <p>What it creates is private whatever the umask ({@link PrivateFiles}): folders, their
 * {@code cur}, {@code new} and {@code tmp} and missing parent directories rwx------, message
 * files rw-------.
 *
 * <p>Listing and indexing, with the reuse of an earlier snapshot's entries, are
 * {@link MaildirScan}'s. One instance may serve several threads at once on different folders:
 * its memory of folders ({@link MaildirLocations}, the folders whose {@code tmp/} was cleaned)
 * is kept in concurrent maps.
 */
public class MaildirFormat implements FolderFormat {

    private static final Logger LOG = LoggerFactory.getLogger(MaildirFormat.class);

    static final String CUR = "cur";
    static final String NEW = "new";
    static final String TMP = "tmp";
    /** Courier's marker of a Maildir++ subfolder (see {@link MaildirPlusPlusStore}). */
    static final String FOLDER_MARKER = "maildirfolder";
    /** Per-folder files of Courier and Dovecot with fixed names; see {@link #isFolderMetadata(String)}. */
    private static final Set<String> FOLDER_METADATA = Set.of(FOLDER_MARKER, "dovecot-uidlist", "dovecot-uidlist.lock",
            "dovecot-keywords", "dovecot-shared", "dovecot-acl", "courierimapuiddb", "courierimapkeywords", "courierimapacl",
            "courierimaphieracl", "courierimapsubscribed");

    /** The most of a message read to find the end of its header; header blocks are far smaller. */
    static final int HEADER_LIMIT = 256 * 1024;

    /** Folders whose message locations are remembered: a few per folder pair synced at a time. */
    private static final int REMEMBERED_FOLDERS = 16;

    private final TmpLeftovers tmpLeftovers;

    /** Where each key's file was last seen, per folder: a hint for {@link MaildirLookup}. */
    private final MaildirLocations locations = new MaildirLocations(REMEMBERED_FOLDERS);

    private final MaildirScan scan;
    /** Where a key's file is now. */
    private final MaildirLookup lookup;
    private final MaildirFlagChanges flagChanges;
    private final MaildirDelivery delivery;
    private final Duration settle;

    /** A format that syncs every delivered message to disk before making it visible. */
    public MaildirFormat() {
        this(true);
    }

    /**
     * @param fsync whether to force each delivered file to disk before renaming it into place
     *              (the spec's step that makes a delivery survive a crash); only tests that
     *              append thousands of messages turn it off
     */
    MaildirFormat(boolean fsync) {
        this(fsync, Clock.systemUTC());
    }

    /**
     * @param clock what {@code tmp/} leftovers' ages are judged by; tests move it forward
     */
    MaildirFormat(boolean fsync, Clock clock) {
        this(fsync, clock, FileStamp.SETTLE_TIME);
    }

    /**
     * @param settle how long before an index a file must have last changed for its snapshot
     *               entry to be reusable ({@link FileStamp#SETTLE_TIME}); tests shorten it
     */
    MaildirFormat(boolean fsync, Clock clock, Duration settle) {
        this.tmpLeftovers = new TmpLeftovers(clock);
        this.scan = new MaildirScan(locations, settle);
        this.lookup = new MaildirLookup(locations, scan);
        this.flagChanges = new MaildirFlagChanges(locations, lookup::find);
        this.delivery = new MaildirDelivery(fsync);
        this.settle = settle;
    }

    /** Whether {@code cur/} and {@code new/} hold no message file: stops at the first one. */
    @Override
    public boolean isEmpty(Path folder) throws StoreException {
        requireFolder(folder);
        for (String sub : List.of(NEW, CUR)) {
            try (DirectoryStream<Path> entries = Files.newDirectoryStream(folder.resolve(sub),
                    p -> !p.getFileName().toString().startsWith("."))) {
                if (entries.iterator().hasNext()) {
                    return false;
                }
            } catch (IOException e) {
                throw new StoreException("maildir " + folder + ": cannot list " + sub + "/: " + e.getMessage(), e);
            }
        }
        return true;
    }

    /**
     * The names and stamps of every file of {@code cur/} and {@code new/} (what the index reads)
     * and of {@code dovecot-keywords} (what the keyword letters mean). {@code tmp/} is not part
     * of it: nothing there is a message yet.
     */
    @Override
    public String fingerprint(Path folder) throws StoreException {
        requireFolder(folder);
        try {
            return FolderFingerprint.of(folder, List.of(folder, folder.resolve(NEW), folder.resolve(CUR)),
                    () -> new FolderFingerprint("maildir/1", settle)
                            .directory(NEW, folder.resolve(NEW), n -> !n.startsWith("."))
                            .directory(CUR, folder.resolve(CUR), n -> !n.startsWith("."))
                            .file("dovecot-keywords", folder.resolve("dovecot-keywords"))
                            .result());
        } catch (IOException e) {
            throw new StoreException("maildir " + folder + ": cannot list: " + e.getMessage(), e);
        }
    }

    @Override
    public String name() {
        return "maildir";
    }

    @Override
    public boolean isFolder(Path path) {
        return Files.isDirectory(path.resolve(CUR)) && Files.isDirectory(path.resolve(NEW))
                && Files.isDirectory(path.resolve(TMP));
    }

    /**
     * True for {@code cur}, {@code new} and {@code tmp}, and for the per-folder files Courier
     * and Dovecot keep next to them ({@code maildirfolder}, {@code dovecot-uidlist},
     * {@code dovecot.index*}, {@code courierimapuiddb} and the like), so that a nested layout neither lists nor
     * warns about them.
     */
    @Override
    public boolean isReservedChild(Path folder, String childName) {
        return childName.equals(CUR) || childName.equals(NEW) || childName.equals(TMP) || isFolderMetadata(childName);
    }

    /**
     * The files Courier and Dovecot keep in a Maildir besides its messages. Named one by one
     * rather than by a "dovecot" prefix, so that a user's folder called "dovecot-lists" in the
     * nested layout is still a folder.
     */
    static boolean isFolderMetadata(String childName) {
        return FOLDER_METADATA.contains(childName) || childName.startsWith("dovecot.index")
                || childName.startsWith("dovecot.list.index") || childName.startsWith("dovecot.mailbox.log")
                || childName.startsWith("dovecot-uidvalidity");
    }

    /**
     * Also removes what deliveries that never finished left in the folder's {@code tmp/}
     * ({@link TmpLeftovers}). Headers are whole, as stored.
     */
    @Override
    public List<MessageMeta> index(Path folder) throws StoreException {
        return index(folder, null, false).metas();
    }

    /**
     * Reads only the messages whose file is new or changed since {@code previous} (see
     * {@link MaildirScan}); headers read are cut to {@link org.mailsync.mail.HeaderBlock#essentials}.
     * Also cleans {@code tmp/}, as {@link #index(Path)} does.
     */
    @Override
    public FolderSnapshot index(Path folder, FolderSnapshot previous) throws StoreException {
        return index(folder, previous, true);
    }

    private FolderSnapshot index(Path folder, FolderSnapshot previous, boolean essentials) throws StoreException {
        requireFolder(folder);
        // Every index looks through tmp/, an append only if no index did (a sync indexes a
        // folder before it appends to it, and appends may be many).
        tmpLeftovers.clean(folder);
        return scan(folder, previous, essentials);
    }

    /** Every message as {@link #index(Path)} lists it, leaving {@code tmp/} alone: see {@link FolderFormat#examine}. */
    @Override
    public List<MessageMeta> examine(Path folder) throws StoreException {
        requireFolder(folder);
        return scan(folder, null, false).metas();
    }

    private FolderSnapshot scan(Path folder, FolderSnapshot previous, boolean essentials) throws StoreException {
        // Another program may move a file (new -> cur, or a flag change) between our listing
        // and our reading it; list again rather than report a message as gone.
        for (int attempt = 1; ; attempt++) {
            try {
                return scan.index(folder, previous, essentials);
            } catch (NoSuchFileException e) {
                if (attempt == 3) {
                    throw new StoreException("maildir " + folder + ": messages keep moving while indexed: " + e.getMessage(), e);
                }
            } catch (IOException e) {
                throw new StoreException("maildir " + folder + ": cannot index: " + e.getMessage(), e);
            }
        }
    }

    /** How many message files indexing has opened, for tests that prove a snapshot was reused. */
    long headersRead() {
        return scan.headersRead();
    }

    @Override
    public InputStream open(Path folder, String key) throws StoreException {
        requireFolder(folder);
        Path file = lookup.locate(folder, key);
        try {
            return Files.newInputStream(file);
        } catch (NoSuchFileException e) {
            // Moved (new -> cur, or a flag change) since we found it: look once more.
            Path moved = lookup.locate(folder, key);
            try {
                return Files.newInputStream(moved);
            } catch (IOException again) {
                throw new StoreException("maildir " + folder + ": cannot read message " + key + ": " + again.getMessage(), again);
            }
        } catch (IOException e) {
            throw new StoreException("maildir " + folder + ": cannot read message " + key + ": " + e.getMessage(), e);
        }
    }

    /**
     * Delivers the message the way the spec's "How a message is delivered" prescribes
     * ({@link MaildirDelivery}): through {@code tmp/}, synced, then renamed into {@code new/}
     * or, with flags, into {@code cur/} with its {@code :2,} info.
     */
    @Override
    public String append(Path folder, InputStream message, Set<Flag> flags, Instant internalDate) throws StoreException {
        return append(folder, message, flags, Set.of(), internalDate);
    }

    /**
     * Also gives the message its keywords, as Dovecot's letters ({@link MaildirKeywords}): a
     * keyword without a letter yet gets the first free one; with all 26 taken it is dropped with
     * a warning naming the folder and the keyword.
     */
    @Override
    public String append(Path folder, InputStream message, Set<Flag> flags, Set<String> keywords, Instant internalDate)
            throws StoreException {
        requireFolder(folder);
        tmpLeftovers.cleanOnce(folder);
        Path target = delivery.deliver(folder, message, flags, keywords, internalDate);
        String unique = UniqueNames.of(target.getFileName().toString());
        locations.put(folder, unique, target);
        return unique;
    }

    /** Renames each message's file to its new flags ({@link MaildirFlagChanges}). */
    @Override
    public void changeFlags(Path folder, Map<String, FlagChange> changes) throws StoreException {
        requireFolder(folder);
        flagChanges.apply(folder, changes, lookup.findAll(folder, changes.keySet(), "no flags changed"));
    }

    /**
     * Removes the given messages. Every key is looked up first and nothing is removed unless
     * all are found, so a stale key (a message deleted or replaced by another program) cannot
     * leave the folder half-changed.
     */
    @Override
    public void delete(Path folder, Collection<String> keys) throws StoreException {
        requireFolder(folder);
        for (Map.Entry<String, Path> entry : lookup.findAll(folder, keys, "nothing deleted").entrySet()) {
            unlink(folder, entry.getKey(), entry.getValue());
            locations.remove(folder, entry.getKey());
        }
    }

    private void unlink(Path folder, String key, Path file) throws StoreException {
        try {
            Files.delete(file);
        } catch (NoSuchFileException e) {
            // Renamed by another program since we looked (new -> cur or a flag change).
            Path moved = lookup.find(folder, key);
            if (moved == null) {
                LOG.warn("maildir {}: message {} was already deleted by another program", folder, key);
                return;
            }
            try {
                Files.delete(moved);
            } catch (IOException again) {
                throw new StoreException("maildir " + folder + ": cannot delete message " + key + ": " + again.getMessage(), again);
            }
        } catch (IOException e) {
            throw new StoreException("maildir " + folder + ": cannot delete message " + key + ": " + e.getMessage(), e);
        }
    }

    /**
     * Makes {@code cur}, {@code new} and {@code tmp}, also inside an existing directory, and the
     * folder's directory and its parents where missing, all rwx------.
     */
    @Override
    public void create(Path folder) throws StoreException {
        if (Files.exists(folder) && !Files.isDirectory(folder)) {
            throw new StoreException("maildir " + folder + ": cannot create a folder: a file of that name exists");
        }
        // A folder inside a Maildir's own cur/new/tmp would turn into directories its readers
        // trip over; the nested layout cannot list it anyway.
        Path parent = folder.getParent();
        if (parent != null && folder.getFileName() != null && isFolder(parent)
                && isReservedChild(parent, folder.getFileName().toString())) {
            throw new StoreException("maildir " + folder + ": cannot create a folder: " + folder.getFileName()
                    + " is part of the Maildir " + parent);
        }
        for (Path up = parent; up != null && up.getParent() != null; up = up.getParent()) {
            if (up.getFileName() != null && isFolder(up.getParent()) && isReservedChild(up.getParent(), up.getFileName().toString())) {
                throw new StoreException("maildir " + folder + ": cannot create a folder inside " + up + ", part of a Maildir");
            }
        }
        try {
            PrivateFiles.createDirectories(folder);
            for (String sub : List.of(TMP, NEW, CUR)) {
                Path dir = folder.resolve(sub);
                if (!Files.isDirectory(dir)) {
                    PrivateFiles.createDirectory(dir);
                }
            }
        } catch (IOException e) {
            throw new StoreException("maildir " + folder + ": cannot create folder: " + e.getMessage(), e);
        }
    }

    /**
     * Removes the messages, {@code cur}, {@code new}, {@code tmp} and the folder's own metadata
     * files, then the directory if nothing else (a subfolder) is left in it.
     */
    @Override
    public void remove(Path folder) throws StoreException {
        removeContents(folder, true);
        try {
            Files.delete(folder);
        } catch (DirectoryNotEmptyException e) {
            // Subfolders live on: the contract removes a folder, not its children.
        } catch (IOException e) {
            throw new StoreException("maildir " + folder + ": cannot remove directory: " + e.getMessage(), e);
        }
    }

    /**
     * Removes the messages and the three directories, and with {@code metadataToo} the
     * Courier/Dovecot files of the folder. Messages go before {@code cur}, {@code new} and
     * {@code tmp} themselves, so a removal that fails half-way leaves a valid, smaller Maildir
     * rather than a directory whose remaining messages no reader can see.
     */
    void removeContents(Path folder, boolean metadataToo) throws StoreException {
        requireFolder(folder);
        try {
            for (String sub : List.of(CUR, NEW, TMP)) {
                refuseSubdirectories(folder.resolve(sub));
            }
            for (String sub : List.of(CUR, NEW, TMP)) {
                emptyDirectory(folder.resolve(sub));
            }
            for (String sub : List.of(TMP, NEW, CUR)) {
                Files.delete(folder.resolve(sub));
            }
            locations.forget(folder);
            if (metadataToo) {
                try (DirectoryStream<Path> entries = Files.newDirectoryStream(folder, p -> isFolderMetadata(p.getFileName().toString()))) {
                    for (Path entry : entries) {
                        if (Files.isDirectory(entry)) {
                            emptyDirectory(entry);
                        }
                        Files.delete(entry);
                    }
                }
            }
        } catch (IOException e) {
            throw new StoreException("maildir " + folder + ": cannot remove folder: " + e.getMessage(), e);
        }
    }

    /**
     * A directory inside cur/, new/ or tmp/ is not ours to judge: stop before deleting
     * anything rather than half-remove the folder.
     */
    private static void refuseSubdirectories(Path dir) throws IOException {
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(dir)) {
            for (Path entry : entries) {
                if (Files.isDirectory(entry, LinkOption.NOFOLLOW_LINKS)) {
                    throw new IOException("unexpected directory " + entry + "; remove it by hand");
                }
            }
        }
    }

    /** Deletes the files (and symbolic links) of a directory. */
    private static void emptyDirectory(Path dir) throws IOException {
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(dir)) {
            for (Path entry : entries) {
                Files.delete(entry);
            }
        }
    }

    private void requireFolder(Path folder) throws FolderNotFoundException {
        if (!isFolder(folder)) {
            throw new FolderNotFoundException("maildir " + folder + ": no such Maildir folder");
        }
    }

    @Override
    public String toString() {
        return "MaildirFormat";
    }
}
