package org.mailsync.store.maildir;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

import org.mailsync.store.Flag;
import org.mailsync.store.FlagChange;
import org.mailsync.store.FolderInfo;
import org.mailsync.store.FolderNotFoundException;
import org.mailsync.store.FolderSnapshot;
import org.mailsync.store.ListPattern;
import org.mailsync.store.MailStore;
import org.mailsync.store.MessageMeta;
import org.mailsync.store.StoreException;
import org.mailsync.store.local.LocalFolderNames;
import org.mailsync.store.local.MaildirRenames;
import org.mailsync.store.local.PrivateFiles;
import org.mailsync.store.local.UnixLineEnds;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A Maildir++ tree, the layout of Courier and of Dovecot's default {@code maildir:~/Maildir}:
 * the root directory is itself the Maildir of {@code INBOX}, and every other folder is a
 * Maildir in a directory of the root named by a dot and the folder's full name, {@code A.B} in
 * {@code <root>/.A.B}. The hierarchy delimiter is therefore {@code '.'}, and a folder's parent
 * need not exist. The layout is Courier's, described in "Maildir++" of
 * http://www.courier-mta.org/imap/README.maildirquota.html; Dovecot calls it its Maildir++
 * layout and uses it by default for Maildir. Folder names are the directory names as they
 * are, in UTF-8 ({@code .Entwürfe} is {@code Entwürfe}): a tree that Dovecot wrote without its
 * {@code :UTF-8} option keeps modified UTF-7 on disk ({@code .Entw&APw-rfe}), and that
 * spelling is read as it stands, never decoded, as {@code &} is an ordinary character of a
 * UTF-8 name.
 *
 * <p>Each folder's messages are read and written by {@link MaildirFormat}. Like it, a store may
 * be used by several threads at once on different folders.
 */
public class MaildirPlusPlusStore implements MailStore {

    private static final Logger LOG = LoggerFactory.getLogger(MaildirPlusPlusStore.class);

    /** The Maildir++ hierarchy delimiter. */
    public static final char DELIMITER = '.';

    private static final String INBOX = "INBOX";

    private final String name;
    private final Path root;
    private final MaildirFormat format;

    /**
     * @param name the store's name, for messages
     * @param root the Maildir++ root, which is also the INBOX Maildir
     */
    public MaildirPlusPlusStore(String name, Path root) {
        this(name, root, new MaildirFormat());
    }

    /**
     * @param name   the store's name, for messages
     * @param root   the Maildir++ root, which is also the INBOX Maildir
     * @param format reads and writes each folder's messages
     */
    public MaildirPlusPlusStore(String name, Path root, MaildirFormat format) {
        this.name = name;
        this.root = root.toAbsolutePath().normalize();
        this.format = format;
    }

    /** The Maildir++ root, also the INBOX Maildir. */
    public Path root() {
        return root;
    }

    /**
     * Whether a directory looks like a Maildir++ tree, for telling it apart from a nested
     * layout: either the root is a Maildir with at least one {@code .X} Maildir in it, or some
     * {@code .X} Maildir carries Courier's {@code maildirfolder} marker (then the root's own
     * INBOX may simply not have been made yet). A lone Maildir is not enough: it is just as
     * much a nested layout of one folder.
     */
    public static boolean looksLikeMaildirPlusPlus(Path root) {
        MaildirFormat maildir = new MaildirFormat();
        if (!Files.isDirectory(root)) {
            return false;
        }
        boolean rootIsMaildir = maildir.isFolder(root);
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(root, MaildirPlusPlusStore::isDotDirectory)) {
            for (Path entry : entries) {
                if (maildir.isFolder(entry)
                        && (rootIsMaildir || Files.isRegularFile(entry.resolve(MaildirFormat.FOLDER_MARKER)))) {
                    return true;
                }
            }
        } catch (IOException e) {
            LOG.debug("cannot list {}: {}", root, e.toString());
        }
        return false;
    }

    private static boolean isDotDirectory(Path entry) {
        String fileName = entry.getFileName().toString();
        return fileName.length() > 1 && fileName.startsWith(".") && !fileName.equals("..") && Files.isDirectory(entry);
    }

    @Override
    public char delimiter() {
        return DELIMITER;
    }

    /**
     * Every folder is one directory of the root, so listing reads the root once and matches
     * the names against the pattern. Parents that exist only by implication ({@code .A.B}
     * without {@code .A}) are listed as not selectable, as an IMAP server lists them.
     */
    @Override
    public List<FolderInfo> listFolders(String pattern) throws StoreException {
        ListPattern lp = ListPattern.of(pattern, DELIMITER);
        Map<String, Boolean> folders = new TreeMap<>();
        if (format.isFolder(root)) {
            folders.put(INBOX, true);
        }
        if (Files.isDirectory(root)) {
            try (DirectoryStream<Path> entries = Files.newDirectoryStream(root, MaildirPlusPlusStore::isDotDirectory)) {
                for (Path entry : entries) {
                    String folder = entry.getFileName().toString().substring(1);
                    if (!isValidSubfolderName(folder)) {
                        LOG.warn("store {}: {} is not a valid Maildir++ folder name; ignored", name, entry);
                    } else if (!format.isFolder(entry)) {
                        LOG.warn("store {}: {} is not a Maildir; ignored", name, entry);
                    } else {
                        folders.put(folder, true);
                    }
                }
            } catch (IOException e) {
                throw new StoreException("store " + name + ": cannot list directory " + root + ": " + e.getMessage(), e);
            }
        }
        for (String folder : List.copyOf(folders.keySet())) {
            for (int dot = folder.indexOf(DELIMITER); dot > 0; dot = folder.indexOf(DELIMITER, dot + 1)) {
                String parent = folder.substring(0, dot);
                folders.putIfAbsent(parent.equalsIgnoreCase(INBOX) ? INBOX : parent, false);
            }
        }
        List<FolderInfo> found = new ArrayList<>();
        folders.forEach((folder, selectable) -> {
            if (lp.matches(folder)) {
                found.add(new FolderInfo(folder, selectable));
            }
        });
        // INBOX first, as IMAP servers list it; the rest in name order.
        found.sort(Comparator.comparing((FolderInfo f) -> !f.name().equals(INBOX)).thenComparing(FolderInfo::name));
        return found;
    }

    /**
     * A name that maps to a directory of its own: non-empty levels (Maildir++ cannot tell
     * {@code A..B} from a level named "" ), no '/' (it would leave the root), not a spelling
     * of INBOX, which is the root itself and so can never be a {@code .INBOX} directory, and a
     * directory name the file system can hold ({@link LocalFolderNames}).
     */
    private static boolean isValidSubfolderName(String folder) {
        return subfolderRefusal(folder) == null;
    }

    /** Why a name other than INBOX cannot be a Maildir++ folder, or null when it can. */
    private static String subfolderRefusal(String folder) {
        if (folder.isEmpty()) {
            return "it is empty";
        }
        if (folder.equalsIgnoreCase(INBOX)) {
            return "it is a spelling of INBOX, which is the root itself";
        }
        if (folder.startsWith(".") || folder.endsWith(".") || folder.contains("..")) {
            return "it has an empty level (two delimiters in a row, or one at either end)";
        }
        if (folder.indexOf('/') >= 0 || folder.indexOf('\\') >= 0) {
            return "it holds \"/\" or \"\\\", which would make its directory a path";
        }
        String refusal = LocalFolderNames.refusal("." + folder);
        return refusal == null ? null : "its directory name " + refusal;
    }

    private static boolean isInbox(String folder) {
        return folder.equalsIgnoreCase(INBOX);
    }

    /** The directory of a folder: the root for INBOX (any case), {@code .<name>} for the rest. */
    private Path resolve(String folder) throws StoreException {
        if (folder == null) {
            throw new StoreException("store " + name + ": no folder name given");
        }
        if (isInbox(folder)) {
            return root;
        }
        String refusal = subfolderRefusal(folder);
        if (refusal == null) {
            try {
                return root.resolve("." + folder);
            } catch (InvalidPathException e) {
                refusal = LocalFolderNames.unencodable(e);
            }
        }
        throw new StoreException("store " + name + ": folder \"" + LocalFolderNames.shown(folder) + "\" cannot be a Maildir++ folder: "
                + refusal);
    }

    private Path requireFolder(String folder) throws StoreException {
        Path path = resolve(folder);
        if (!format.isFolder(path)) {
            throw new FolderNotFoundException("store " + name + ": no mail folder " + folder + " (" + path + ")");
        }
        return path;
    }

    @Override
    public boolean exists(String folder) throws StoreException {
        return format.isFolder(resolve(folder));
    }

    @Override
    public List<MessageMeta> index(String folder) throws StoreException {
        return format.index(requireFolder(folder));
    }

    /** Reuses what {@link MaildirFormat#index(Path, FolderSnapshot)} can still vouch for of {@code previous}. */
    @Override
    public FolderSnapshot index(String folder, FolderSnapshot previous) throws StoreException {
        return format.index(requireFolder(folder), previous);
    }

    @Override
    public InputStream open(String folder, String key) throws StoreException {
        return format.open(requireFolder(folder), key);
    }

    @Override
    public String append(String folder, InputStream message, Set<Flag> flags, Instant internalDate) throws StoreException {
        return format.append(requireFolder(folder), new UnixLineEnds(message), flags, internalDate);
    }

    @Override
    public String append(String folder, InputStream message, Set<Flag> flags, Set<String> keywords, Instant internalDate)
            throws StoreException {
        return format.append(requireFolder(folder), new UnixLineEnds(message), flags, keywords, internalDate);
    }

    @Override
    public void changeFlags(String folder, Map<String, FlagChange> changes) throws StoreException {
        Path path = requireFolder(folder);
        if (!changes.isEmpty()) {
            format.changeFlags(path, changes);
        }
    }

    /**
     * Moves messages between two folders of this store by renaming their files (atomic and
     * free); a message with keywords, or one a rename cannot move, is copied and then deleted
     * exactly, as {@link MailStore#move} says.
     */
    @Override
    public Map<String, String> move(String folder, List<MessageMeta> messages, String target) throws StoreException {
        return MaildirRenames.move(this, folder, requireFolder(folder), messages, this, target, requireFolder(target));
    }

    @Override
    public void delete(String folder, Collection<String> keys) throws StoreException {
        Path path = requireFolder(folder);
        if (!keys.isEmpty()) {
            format.delete(path, keys);
        }
    }

    /**
     * Makes the folder's Maildir; parents are not needed in Maildir++. Subfolders get the empty
     * {@code maildirfolder} file, as README.maildirquota asks ("Within each subdirectory there's
     * an empty file, maildirfolder. Its existence tells the mail delivery agent that this
     * Maildir is a really a folder underneath a parent Maildir++") and maildirmake -f does.
     * Like the folder itself, the marker is private to the user.
     */
    @Override
    public void createFolder(String folder) throws StoreException {
        Path path = resolve(folder);
        if (format.isFolder(path)) {
            return;
        }
        format.create(path);
        if (!isInbox(folder)) {
            try {
                PrivateFiles.createFile(path.resolve(MaildirFormat.FOLDER_MARKER));
            } catch (FileAlreadyExistsException e) {
                // Left by an earlier creation: fine.
            } catch (IOException e) {
                throw new StoreException("store " + name + ": cannot mark " + path + " as a Maildir++ folder: " + e.getMessage(), e);
            }
        }
    }

    /**
     * Removes the folder's Maildir. Its subfolders are sibling directories, so they stay.
     * For INBOX only {@code cur}, {@code new} and {@code tmp} go: the root directory still holds
     * the other folders and the tree-wide files (subscriptions, Dovecot's list index).
     */
    @Override
    public void removeFolder(String folder) throws StoreException {
        Path path = requireFolder(folder);
        if (isInbox(folder)) {
            format.removeContents(path, false);
            return;
        }
        format.removeContents(path, true);
        try {
            Files.delete(path);
        } catch (DirectoryNotEmptyException e) {
            LOG.warn("store {}: folder {} removed, but {} holds other files and was kept", name, folder, path);
        } catch (IOException e) {
            throw new StoreException("store " + name + ": cannot remove directory " + path + ": " + e.getMessage(), e);
        }
    }

    @Override
    public void close() {
        // Nothing is held between operations: Maildir needs no locks.
    }

    @Override
    public String toString() {
        return "MaildirPlusPlusStore[" + name + " at " + root + "]";
    }
}
