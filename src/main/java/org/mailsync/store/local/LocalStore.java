package org.mailsync.store.local;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;

import org.mailsync.store.Flag;
import org.mailsync.store.FlagChange;
import org.mailsync.store.FolderInfo;
import org.mailsync.store.FolderNotFoundException;
import org.mailsync.store.FolderSnapshot;
import org.mailsync.store.ListPattern;
import org.mailsync.store.MailStore;
import org.mailsync.store.MessageMeta;
import org.mailsync.store.StoreException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A local directory of mail folders in the nested layout: each folder is a path below the
 * root, named by that relative path with {@code /} as delimiter, and may be a Maildir, an
 * mbox file or an MH directory, told apart by structure. Folders of different formats can sit
 * side by side, as they do in a real {@code ~/Mail}. Anything that is not a mailbox is skipped
 * with a warning, never read as one (the original uploaded stray text files as messages), and
 * lock files ({@code *.lock}) are skipped silently. Messages are stored with Unix line ends
 * ({@link UnixLineEnds}); new folders, their parent directories and messages are private to the
 * user ({@link PrivateFiles}).
 *
 * <p>A store may be used by several threads at once on different folders (never on the same
 * folder): it holds no mutable state of its own, and its formats keep theirs in concurrent maps.
 */
public class LocalStore implements MailStore {

    private static final Logger LOG = LoggerFactory.getLogger(LocalStore.class);

    private final String name;
    private final Path root;
    private final List<FolderFormat> formats;
    private final FolderFormat createFormat;
    private final FolderFormat fallbackFormat;
    private final int siblingNameBytes;

    /**
     * A store whose new folders, when not of {@code createFormat}, fall back to the first format's.
     *
     * @param name         the store's name, for messages
     * @param root         the directory folder names are relative to
     * @param formats      the formats to recognise, tried in order
     * @param createFormat the format new folders are created in, or null to take the format
     *                     of the nearest existing folders (siblings first, then up towards the
     *                     root), the first format's when there are none
     */
    public LocalStore(String name, Path root, List<FolderFormat> formats, FolderFormat createFormat) {
        this(name, root, formats, createFormat, formats.get(0));
    }

    /**
     * @param createFormat   the format new folders are created in, or null to take the format
     *                       of the nearest existing folders (siblings first, then up towards the
     *                       root)
     * @param fallbackFormat the format of a new folder when {@code createFormat} is null and no
     *                       folder near it has a format to follow; one of {@code formats}, whose
     *                       instances are the ones that keep each format's state
     */
    public LocalStore(String name, Path root, List<FolderFormat> formats, FolderFormat createFormat,
                      FolderFormat fallbackFormat) {
        this.name = name;
        this.root = root.toAbsolutePath().normalize();
        this.formats = List.copyOf(formats);
        this.createFormat = createFormat;
        this.fallbackFormat = Objects.requireNonNull(fallbackFormat, "fallbackFormat");
        // The most any of its formats needs, as a folder's format is known only once it exists.
        this.siblingNameBytes = this.formats.stream().mapToInt(FolderFormat::siblingNameBytes).max().orElse(0);
    }

    /** The directory folder names are relative to. */
    public Path root() {
        return root;
    }

    @Override
    public char delimiter() {
        return '/';
    }

    @Override
    public List<FolderInfo> listFolders(String pattern) throws StoreException {
        ListPattern lp = ListPattern.of(pattern, '/');
        String parent = lp.literalParent('/');
        int maxDepth = lp.maxDepthBelowParent('/');
        Path start = parent.isEmpty() ? root : resolve(parent);
        List<FolderInfo> found = new ArrayList<>();
        if (!parent.isEmpty()) {
            FolderInfo self = describe(parent, start);
            if (self != null && lp.matches(parent)) {
                found.add(self);
            }
        }
        if (Files.isDirectory(start)) {
            walk(start, parent, 1, maxDepth, lp, found);
        }
        return found;
    }

    private void walk(Path dir, String dirName, int depth, int maxDepth, ListPattern lp, List<FolderInfo> found)
            throws StoreException {
        FolderFormat dirFormat = formatOf(dir);
        Set<String> children = new TreeSet<>();
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(dir)) {
            for (Path entry : entries) {
                children.add(entry.getFileName().toString());
            }
        } catch (IOException e) {
            throw new StoreException("store " + name + ": cannot list directory " + dir + ": " + e.getMessage(), e);
        }
        for (String child : children) {
            // Dot files are never folders in the nested layout (.mh_sequences, .msinfo, caches).
            if (child.startsWith(".") || (dirFormat != null && dirFormat.isReservedChild(dir, child))) {
                continue;
            }
            Path path = dir.resolve(child);
            if (isLockFile(path)) {
                continue;
            }
            String childName = dirName.isEmpty() ? child : dirName + "/" + child;
            FolderInfo info = describe(childName, path);
            if (info == null) {
                LOG.warn("store {}: {} is not a mailbox; ignored", name, path);
                continue;
            }
            if (lp.matches(childName)) {
                found.add(info);
            }
            if (Files.isDirectory(path, LinkOption.NOFOLLOW_LINKS) && (maxDepth < 0 || depth < maxDepth)) {
                walk(path, childName, depth + 1, maxDepth, lp, found);
            }
        }
    }

    /**
     * Whether a file is a dot-lock ({@code Folder.lock}, as mailsync, c-client, procmail, mutt and
     * Dovecot name the lock of an mbox), which is never a folder: an empty one would pass for an
     * empty mbox, and a run would then list it, or write mail into it. Listing skips it without a
     * warning, as it is not the user's stray file. Directories keep their names: a Maildir or MH
     * folder may well be called {@code something.lock}.
     */
    private static boolean isLockFile(Path path) {
        return path.getFileName().toString().endsWith(".lock") && !Files.isDirectory(path);
    }

    /** A folder, a plain directory (not selectable), or null for something that is neither. */
    private FolderInfo describe(String folderName, Path path) {
        if (formatOf(path) != null) {
            return new FolderInfo(folderName, true);
        }
        if (Files.isDirectory(path, LinkOption.NOFOLLOW_LINKS)) {
            return new FolderInfo(folderName, false);
        }
        return null;
    }

    private FolderFormat formatOf(Path path) {
        if (isLockFile(path)) {
            return null;
        }
        for (FolderFormat format : formats) {
            if (format.isFolder(path)) {
                return format;
            }
        }
        return null;
    }

    private FolderFormat requireFormat(String folder, Path path) throws FolderNotFoundException {
        FolderFormat format = formatOf(path);
        if (format == null) {
            throw new FolderNotFoundException("store " + name + ": no mail folder " + folder + " (" + path + ")");
        }
        return format;
    }

    /**
     * Maps a folder name to its path, refusing names that would leave the root or cannot be a
     * file name ({@link LocalFolderNames}). Empty and {@code .} levels are still normalized
     * away, as a pattern's literal parent may be written {@code ./Mail}; as boxnames they are
     * refused before a sync gets here ({@code StoreSide.refusal}).
     */
    private Path resolve(String folder) throws StoreException {
        String[] levels = folder.split("/");
        for (int i = 0; i < levels.length; i++) {
            // Only the last level is a folder with files of its format beside it; the others are directories.
            String refusal = i < levels.length - 1 ? LocalFolderNames.refusal(levels[i])
                    : LocalFolderNames.refusal(levels[i], LocalFolderNames.MAX_NAME_BYTES - siblingNameBytes);
            if (refusal != null) {
                throw invalid(folder, "a level of it " + refusal);
            }
        }
        Path path;
        try {
            path = root.resolve(folder).normalize();
        } catch (InvalidPathException e) {
            throw invalid(folder, LocalFolderNames.unencodable(e));
        }
        if (folder.isEmpty() || !path.startsWith(root) || path.equals(root)) {
            throw invalid(folder, "it is not a path below the store's root " + root);
        }
        return path;
    }

    private StoreException invalid(String folder, String why) {
        return new StoreException("store " + name + ": folder \"" + LocalFolderNames.shown(folder) + "\" cannot be a local folder: "
                + why);
    }

    @Override
    public boolean exists(String folder) throws StoreException {
        return formatOf(resolve(folder)) != null;
    }

    @Override
    public List<MessageMeta> index(String folder) throws StoreException {
        Path path = resolve(folder);
        return requireFormat(folder, path).index(path);
    }

    /** Reuses what the folder's format can still vouch for of {@code previous}; see {@link FolderFormat#index(Path, FolderSnapshot)}. */
    @Override
    public FolderSnapshot index(String folder, FolderSnapshot previous) throws StoreException {
        Path path = resolve(folder);
        return requireFormat(folder, path).index(path, previous);
    }

    @Override
    public boolean isEmpty(String folder) throws StoreException {
        Path path = resolve(folder);
        return requireFormat(folder, path).isEmpty(path);
    }

    @Override
    public String fingerprint(String folder) throws StoreException {
        Path path = resolve(folder);
        return requireFormat(folder, path).fingerprint(path);
    }

    /**
     * A folder's messages read without changing anything ({@link FolderFormat#examine}), for
     * {@code mailsync check}; {@link #index(String)} may tidy up what it finds.
     *
     * @throws FolderNotFoundException if the folder does not exist
     */
    public List<MessageMeta> examine(String folder) throws StoreException {
        Path path = resolve(folder);
        return requireFormat(folder, path).examine(path);
    }

    /** The name of a folder's format ({@code maildir}, {@code mbox}, {@code mh}), or null when it is no folder. */
    public String formatName(String folder) throws StoreException {
        FolderFormat format = formatOf(resolve(folder));
        return format == null ? null : format.name();
    }

    @Override
    public InputStream open(String folder, String key) throws StoreException {
        Path path = resolve(folder);
        return requireFormat(folder, path).open(path, key);
    }

    @Override
    public String append(String folder, InputStream message, Set<Flag> flags, Instant internalDate) throws StoreException {
        Path path = resolve(folder);
        return requireFormat(folder, path).append(path, new UnixLineEnds(message), flags, internalDate);
    }

    @Override
    public String append(String folder, InputStream message, Set<Flag> flags, Set<String> keywords, Instant internalDate)
            throws StoreException {
        Path path = resolve(folder);
        return requireFormat(folder, path).append(path, new UnixLineEnds(message), flags, keywords, internalDate);
    }

    @Override
    public void changeFlags(String folder, Map<String, FlagChange> changes) throws StoreException {
        if (changes.isEmpty()) {
            return;
        }
        Path path = resolve(folder);
        requireFormat(folder, path).changeFlags(path, changes);
    }

    @Override
    public void delete(String folder, Collection<String> keys) throws StoreException {
        if (keys.isEmpty()) {
            return;
        }
        Path path = resolve(folder);
        requireFormat(folder, path).delete(path, keys);
    }

    /**
     * Moves messages between two folders of this store: a Maildir message file is renamed into
     * the target Maildir (atomic, and free: the bytes are not read), anything else (mbox, MH, a
     * message with keywords, another file system) is copied and then deleted exactly, as
     * {@link MailStore#move} says.
     */
    @Override
    public Map<String, String> move(String folder, List<MessageMeta> messages, String target) throws StoreException {
        Path from = resolve(folder);
        Path to = resolve(target);
        requireFormat(folder, from);
        requireFormat(target, to);
        return MaildirRenames.move(this, folder, from, messages, this, target, to);
    }

    @Override
    public void createFolder(String folder) throws StoreException {
        Path path = resolve(folder);
        if (formatOf(path) != null) {
            return;
        }
        (createFormat != null ? createFormat : formatNear(path)).create(path);
    }

    /**
     * The format of the folders nearest to a new one, so that a directory of mbox files gains
     * mbox files and a tree of Maildirs gains Maildirs: the folders beside it first, then those
     * in the directories beside it (a new {@code top} next to a directory {@code lists/} of mbox
     * files is an mbox too), then the same one level up. Lock files are never folders, so the
     * channel's or a mail program's lock tells nothing; a bounded look, as a store may be large.
     */
    private FolderFormat formatNear(Path path) {
        for (Path dir = path.getParent(); dir != null && dir.startsWith(root); dir = dir.getParent()) {
            FolderFormat own = formatOf(dir);
            if (own != null && !dir.equals(root)) {
                return own;
            }
            FolderFormat near = formatBelow(dir, path);
            if (near != null) {
                return near;
            }
        }
        return fallbackFormat;
    }

    /** The format of the first folder found breadth-first below a directory, looking at a bounded number of entries. */
    private FolderFormat formatBelow(Path dir, Path excluded) {
        java.util.ArrayDeque<Path> dirs = new java.util.ArrayDeque<>(List.of(dir));
        int budget = 500;
        while (!dirs.isEmpty() && budget > 0) {
            try (DirectoryStream<Path> entries = Files.newDirectoryStream(dirs.poll())) {
                for (Path entry : entries) {
                    if (--budget < 0) {
                        break;
                    }
                    if (entry.getFileName().toString().startsWith(".") || entry.equals(excluded)) {
                        continue;
                    }
                    FolderFormat format = formatOf(entry);
                    if (format != null) {
                        return format;
                    }
                    if (Files.isDirectory(entry, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
                        dirs.add(entry);
                    }
                }
            } catch (IOException e) {
                // an unreadable directory tells nothing; look elsewhere
            }
        }
        return null;
    }

    @Override
    public void removeFolder(String folder) throws StoreException {
        Path path = resolve(folder);
        requireFormat(folder, path).remove(path);
    }

    @Override
    public void close() {
        // Nothing held between operations: every format locks and releases per operation.
    }

    @Override
    public String toString() {
        return "LocalStore[" + name + " at " + root + "]";
    }
}
