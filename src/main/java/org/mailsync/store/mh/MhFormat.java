package org.mailsync.store.mh;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import org.mailsync.mail.HeaderBlock;
import org.mailsync.store.Flag;
import org.mailsync.store.FlagChange;
import org.mailsync.store.FolderNotFoundException;
import org.mailsync.store.FolderSnapshot;
import org.mailsync.store.MessageMeta;
import org.mailsync.store.StoreException;
import org.mailsync.store.local.FolderFingerprint;
import org.mailsync.store.local.FileStamp;
import org.mailsync.store.local.FolderFormat;
import org.mailsync.store.local.GivenUpLocks;
import org.mailsync.store.local.LockWait;
import org.mailsync.store.local.PrivateFiles;

/**
 * MH folders as nmh keeps them (mh-folders(5), mh-sequence(5)): a directory whose messages are
 * files named by positive decimal numbers, in numeric order, with the folder's public sequences
 * in {@code .mh_sequences}. Subfolders are subdirectories.
 *
 * <p>Flags map to sequences: {@link Flag#SEEN} is not being in {@code unseen} (nmh's usual
 * {@code Unseen-Sequence}), {@link Flag#FLAGGED} is {@code flagged} and {@link Flag#ANSWERED}
 * is {@code replied} (the names MH-E and exmh use). {@link Flag#DRAFT} as {@code draft} and
 * {@link Flag#DELETED} as {@code deleted} are mailsync's own convention: nmh has no such
 * sequences (its {@code rmm} renames to {@code ,N} instead). The internal date is the file's
 * modification time, to the second.
 *
 * <p>Keywords are sequences of their own names; see {@link MhFlags} for which names can be.
 *
 * <p>Keys are {@link MhKey}s, which check themselves, so a key made stale by renumbering is
 * refused rather than acted upon. Reading never changes a file; changes are made under
 * {@link MhSequencesLock}, and {@code .mh_sequences} is only rewritten when the flags of the
 * messages appended or deleted need it. New folders (and their parent directories) are rwx------
 * and new message files rw------- ({@link PrivateFiles}), nmh's default {@code Folder-Protect}
 * and {@code Msg-Protect}; a rewritten {@code .mh_sequences} keeps the mode it had.
 *
 * <p>An index with an earlier snapshot opens only the message files that changed since
 * ({@link MhIndex}). One instance may serve several threads at once on different folders: locks
 * are per folder, and what it remembers is kept in concurrent maps.
 */
public class MhFormat implements FolderFormat {

    /** The file that holds a folder's public sequences (mh-sequence(5)). */
    static final String SEQUENCES = ".mh_sequences";

    /**
     * nmh keeps {@code cur} even when its message is gone ({@code seq_read.c}: "this message
     * doesn't need to exist"), so that {@code next} and {@code prev} still work; it is a
     * position, not a property of a message, and mailsync leaves it alone.
     */
    private static final Set<String> POSITION_SEQUENCES = Set.of("cur");

    /** Headers larger than this are cut for the key and {@link MessageMeta#header()}. */
    private static final int MAX_HEADER = 256 * 1024;

    /** Prefix of our temporary files: a dot, so neither MH nor mailsync sees them as messages. */
    static final String TEMP_PREFIX = ".mailsync-tmp-";

    /** Folders whose lock this store waited for in vain: later messages for them do not wait again. */
    private final GivenUpLocks givenUp = new GivenUpLocks();

    private final MhIndex indexer;
    private final Duration settle;

    /** A format that reuses a snapshot's entry once its file has not changed for {@link FileStamp#SETTLE_TIME}. */
    public MhFormat() {
        this(FileStamp.SETTLE_TIME);
    }

    /**
     * @param settle how long before an index a file must have last changed for its snapshot
     *               entry to be reusable ({@link FileStamp#SETTLE_TIME}); tests shorten it
     */
    MhFormat(Duration settle) {
        this.indexer = new MhIndex(settle);
        this.settle = settle;
    }

    /**
     * The names and stamps of every file of the folder, {@code .mh_sequences} included (the
     * flags); subfolders are not part of it.
     */
    @Override
    public String fingerprint(Path folder) throws StoreException {
        if (!isFolder(folder)) {
            throw new FolderNotFoundException("no MH folder " + folder);
        }
        try {
            return FolderFingerprint.of(folder, List.of(folder),
                    () -> new FolderFingerprint("mh/1", settle).directory(".", folder, n -> true).result());
        } catch (IOException e) {
            throw new StoreException("MH folder " + folder + ": cannot list: " + e.getMessage(), e);
        }
    }

    @Override
    public String name() {
        return "mh";
    }

    /**
     * A directory with a {@code .mh_sequences} file, or, without one, a directory that holds at
     * least one message file and none of a Maildir's {@code cur}, {@code new} and {@code tmp}.
     * An empty directory without {@code .mh_sequences} is a plain directory of the hierarchy.
     */
    @Override
    public boolean isFolder(Path path) {
        if (!Files.isDirectory(path)) {
            return false;
        }
        if (Files.isRegularFile(path.resolve(SEQUENCES))) {
            return true;
        }
        for (String maildirPart : List.of("cur", "new", "tmp")) {
            if (Files.isDirectory(path.resolve(maildirPart))) {
                return false;
            }
        }
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(path)) {
            for (Path entry : entries) {
                if (messageNumber(entry.getFileName().toString()) > 0 && Files.isRegularFile(entry)) {
                    return true;
                }
            }
        } catch (IOException e) {
            return false;
        }
        return false;
    }

    /**
     * Subdirectories are subfolders (MH nests folders that way), so they are never reserved.
     * The folder's own files are: message files and nmh's {@code ,N} backups of removed ones,
     * which must not be taken for folders of another format (a message starting with
     * {@code From } looks like an mbox) nor reported as stray files one by one.
     */
    @Override
    public boolean isReservedChild(Path folder, String childName) {
        if (Files.isDirectory(folder.resolve(childName), LinkOption.NOFOLLOW_LINKS)) {
            return false;
        }
        return messageNumber(childName) > 0 || (childName.startsWith(",") && messageNumber(childName.substring(1)) > 0);
    }

    /**
     * The message number a file name stands for, or -1. Only the canonical form counts (no sign,
     * no leading zero, within an int like nmh's {@code m_atoi}), so that {@code 7} and
     * {@code 007} can never both be message 7; anything else ({@code ,12}, {@code .xmhcache})
     * is not a message.
     */
    public static int messageNumber(String name) {
        int len = name.length();
        if (len == 0 || len > 10 || name.charAt(0) < '1' || name.charAt(0) > '9') {
            return -1;
        }
        for (int i = 1; i < len; i++) {
            char c = name.charAt(i);
            if (c < '0' || c > '9') {
                return -1;
            }
        }
        long n = Long.parseLong(name);
        return n <= Integer.MAX_VALUE ? (int) n : -1;
    }

    /** The message numbers of a folder in numeric order (regular files only). */
    static List<Integer> messageNumbers(Path folder) throws IOException {
        List<Integer> numbers = new ArrayList<>();
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(folder)) {
            for (Path entry : entries) {
                int n = messageNumber(entry.getFileName().toString());
                if (n > 0 && Files.isRegularFile(entry)) {
                    numbers.add(n);
                }
            }
        }
        numbers.sort(null);
        return numbers;
    }

    /** Every message, its header whole, flags from {@code .mh_sequences}. */
    @Override
    public List<MessageMeta> index(Path folder) throws StoreException {
        return index(folder, null, false).metas();
    }

    /**
     * Reads only the message files that are new or changed since {@code previous}, and
     * {@code .mh_sequences} ({@link MhIndex}); headers read are cut to
     * {@link org.mailsync.mail.HeaderBlock#essentials}.
     */
    @Override
    public FolderSnapshot index(Path folder, FolderSnapshot previous) throws StoreException {
        return index(folder, previous, true);
    }

    private FolderSnapshot index(Path folder, FolderSnapshot previous, boolean essentials) throws StoreException {
        if (!isFolder(folder)) {
            throw new FolderNotFoundException("no MH folder " + folder);
        }
        try {
            return indexer.index(folder, previous, essentials);
        } catch (IOException e) {
            throw new StoreException("MH folder " + folder + ": cannot index: " + e.getMessage(), e);
        }
    }

    /** How many message files indexing has opened, for tests that prove a snapshot was reused. */
    long headersRead() {
        return indexer.headersRead();
    }

    /**
     * The header block: every byte up to and including the line end of the last header line,
     * without the empty line that ends the block (or the whole message, if it has none), cut at
     * {@link #MAX_HEADER}.
     */
    static byte[] readHeader(InputStream raw) throws IOException {
        InputStream in = raw instanceof BufferedInputStream ? raw : new BufferedInputStream(raw, 8192);
        byte[] block = HeaderBlock.readHeaderBytes(in, MAX_HEADER);
        int n = block.length;
        if (n >= 1 && block[n - 1] == '\n') {
            // Drop the empty line that ends the block ("\n" or "\r\n" after the last line end).
            int lineStart = n >= 2 && block[n - 2] == '\r' ? n - 2 : n - 1;
            if (lineStart == 0 || block[lineStart - 1] == '\n') {
                return Arrays.copyOf(block, lineStart);
            }
        }
        return block;
    }

    /**
     * Opens the message a key names, having checked from the opened file itself that it is still
     * that message: the stream returned reads the very file that was checked.
     */
    @Override
    public InputStream open(Path folder, String key) throws StoreException {
        MhKey k = parseKey(folder, key);
        FileChannel ch = openVerified(folder, k, key);
        return Channels.newInputStream(ch);
    }

    private static MhKey parseKey(Path folder, String key) throws StoreException {
        MhKey k = MhKey.parse(key);
        if (k == null) {
            throw new StoreException("MH folder " + folder + ": \"" + key + "\" is not a message key of this folder");
        }
        return k;
    }

    /** The message file opened and positioned at its start, or an error if the key is stale. */
    private static FileChannel openVerified(Path folder, MhKey k, String key) throws StoreException {
        Path file = folder.resolve(Integer.toString(k.number()));
        FileChannel ch;
        try {
            ch = FileChannel.open(file, StandardOpenOption.READ);
        } catch (NoSuchFileException e) {
            throw new StoreException("MH folder " + folder + ": message " + key + " no longer exists (file " + file + ")");
        } catch (IOException e) {
            throw new StoreException("MH folder " + folder + ": cannot open message " + key + ": " + e.getMessage(), e);
        }
        try {
            // Not closing this wrapper: it would close the channel we hand out.
            byte[] header = readHeader(Channels.newInputStream(ch));
            MhKey actual = MhKey.of(k.number(), ch.size(), header);
            if (!actual.equals(k)) {
                throw new StoreException("MH folder " + folder + ": key " + key + " no longer names the same message"
                        + " (file " + k.number() + " is now " + actual + "; renumbered by folder -pack or sortm?)");
            }
            ch.position(0);
            return ch;
        } catch (IOException | StoreException | RuntimeException e) {
            try {
                ch.close();
            } catch (IOException ignored) {
                // already failing
            }
            if (e instanceof StoreException se) {
                throw se;
            }
            throw new StoreException("MH folder " + folder + ": cannot read message " + key + ": " + e.getMessage(), e);
        }
    }

    /**
     * Writes the message to a dot-named temporary file in the folder, fsyncs it and sets its
     * mtime to the internal date, then gives it the next free number with an atomic create.
     *
     * <p>{@link Files#move} without {@code REPLACE_EXISTING} is not atomic on POSIX: the JDK
     * checks that the target is absent and then calls {@code rename(2)}, which would silently
     * replace a message a concurrent {@code inc} wrote in between. A hard link fails with
     * {@code EEXIST} instead, so the number is taken with {@link Files#createLink} and the next
     * number tried on collision; {@link Files#move} is only the fallback for file systems
     * without hard links.
     */
    @Override
    public String append(Path folder, InputStream message, Set<Flag> flags, Instant internalDate) throws StoreException {
        return append(folder, message, flags, Set.of(), internalDate);
    }

    /** Keywords become sequences of their names ({@link MhFlags}); one that cannot be a sequence is dropped with a warning. */
    @Override
    public String append(Path folder, InputStream message, Set<Flag> flags, Set<String> keywords, Instant internalDate)
            throws StoreException {
        Path temp = folder.resolve(TEMP_PREFIX + "msg-" + UUID.randomUUID());
        try {
            MhFolderFiles.writeSynced(temp, message);
            if (internalDate != null) {
                Files.setLastModifiedTime(temp, FileTime.from(internalDate.truncatedTo(ChronoUnit.SECONDS)));
            }
            long size = Files.size(temp);
            byte[] header;
            try (InputStream in = Files.newInputStream(temp)) {
                header = readHeader(in);
            }
            try (MhSequencesLock lock = lock(folder)) {
                int number = MhFolderFiles.link(folder, temp);
                MhSequences seqs = MhFolderFiles.readSequences(folder);
                // A number can be reused after another program removed its message without
                // cleaning the sequences (nmh itself drops such members on its next read).
                boolean changed = seqs.removeEverywhereBut(number, POSITION_SEQUENCES);
                changed |= MhFlags.set(seqs, number, flags);
                changed |= MhFlags.addKeywords(seqs, number, keywords == null ? Set.of() : keywords, folder);
                if (changed) {
                    MhFolderFiles.writeSequences(folder, seqs);
                }
                return MhKey.of(number, size, header).toString();
            }
        } catch (IOException e) {
            throw new StoreException("MH folder " + folder + ": cannot append a message: " + e.getMessage(), e);
        } finally {
            try {
                Files.deleteIfExists(temp);
            } catch (IOException ignored) {
                // a dot file left behind is never seen as a message
            }
        }
    }

    /**
     * Checks every key first, under the folder lock, and only then removes the files and their
     * numbers from the sequences, so that one stale key removes nothing.
     */
    @Override
    public void delete(Path folder, Collection<String> keys) throws StoreException {
        Map<Integer, MhKey> byNumber = new LinkedHashMap<>();
        for (String key : keys) {
            MhKey k = parseKey(folder, key);
            MhKey other = byNumber.putIfAbsent(k.number(), k);
            if (other != null && !other.equals(k)) {
                throw new StoreException("MH folder " + folder + ": keys " + other + " and " + key + " name the same message number");
            }
        }
        try (MhSequencesLock lock = lock(folder)) {
            for (MhKey k : byNumber.values()) {
                openVerified(folder, k, k.toString()).close();
            }
            MhSequences seqs = MhFolderFiles.readSequences(folder);
            boolean changed = false;
            try {
                for (MhKey k : byNumber.values()) {
                    Files.delete(folder.resolve(Integer.toString(k.number())));
                    changed |= seqs.removeEverywhereBut(k.number(), POSITION_SEQUENCES);
                }
            } finally {
                // Even when one removal fails, the ones done must leave the sequences, or a
                // later message given that number would inherit their flags.
                if (changed) {
                    MhFolderFiles.writeSequences(folder, seqs);
                }
            }
        } catch (IOException e) {
            throw new StoreException("MH folder " + folder + ": cannot delete messages: " + e.getMessage(), e);
        }
    }

    /**
     * Checks every key under the folder lock, then applies all changes to the sequences and
     * writes {@code .mh_sequences} once ({@link MhFlags#change}); message files are not touched.
     */
    @Override
    public void changeFlags(Path folder, Map<String, FlagChange> changes) throws StoreException {
        Map<MhKey, FlagChange> byKey = new LinkedHashMap<>();
        Map<Integer, MhKey> byNumber = new HashMap<>();
        for (Map.Entry<String, FlagChange> e : changes.entrySet()) {
            MhKey k = parseKey(folder, e.getKey());
            MhKey other = byNumber.putIfAbsent(k.number(), k);
            if (other != null && !other.equals(k)) {
                throw new StoreException("MH folder " + folder + ": keys " + other + " and " + k + " name the same message number");
            }
            byKey.put(k, e.getValue());
        }
        if (!isFolder(folder)) {
            throw new FolderNotFoundException("no MH folder " + folder);
        }
        try (MhSequencesLock lock = lock(folder)) {
            for (MhKey k : byKey.keySet()) {
                openVerified(folder, k, k.toString()).close();
            }
            MhSequences seqs = MhFolderFiles.readSequences(folder);
            boolean changed = false;
            for (Map.Entry<MhKey, FlagChange> e : byKey.entrySet()) {
                changed |= MhFlags.change(seqs, e.getKey().number(), e.getValue(), folder);
            }
            if (changed) {
                MhFolderFiles.writeSequences(folder, seqs);
            }
        } catch (IOException e) {
            throw new StoreException("MH folder " + folder + ": cannot change flags: " + e.getMessage(), e);
        }
    }

    /** The folder's lock, waiting as long as {@link LockWait} says now. */
    private MhSequencesLock lock(Path folder) throws StoreException {
        return MhSequencesLock.acquire(folder, LockWait.configured(), givenUp);
    }

    /** A directory with an empty {@code .mh_sequences}, which marks it as a folder even while empty. */
    @Override
    public void create(Path folder) throws StoreException {
        try {
            PrivateFiles.createDirectories(folder);
            PrivateFiles.createFile(folder.resolve(SEQUENCES));
        } catch (FileAlreadyExistsException e) {
            // already an MH folder
        } catch (IOException e) {
            throw new StoreException("cannot create MH folder " + folder + ": " + e.getMessage(), e);
        }
    }

    /**
     * Removes the message files and {@code .mh_sequences}, then the directory if nothing else is
     * left in it; subfolders and files that are not messages stay.
     */
    @Override
    public void remove(Path folder) throws StoreException {
        try {
            try (MhSequencesLock lock = lock(folder)) {
                for (int n : messageNumbers(folder)) {
                    Files.deleteIfExists(folder.resolve(Integer.toString(n)));
                }
                Files.deleteIfExists(folder.resolve(SEQUENCES));
            }
            try {
                Files.deleteIfExists(folder);
            } catch (DirectoryNotEmptyException keep) {
                // subfolders or foreign files: the directory stays as a plain directory
            }
        } catch (IOException e) {
            throw new StoreException("cannot remove MH folder " + folder + ": " + e.getMessage(), e);
        }
    }

    @Override
    public String toString() {
        return "MhFormat";
    }
}
