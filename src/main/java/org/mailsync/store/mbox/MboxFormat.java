package org.mailsync.store.mbox;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.zip.CRC32;

import org.mailsync.store.Flag;
import org.mailsync.store.FlagChange;
import org.mailsync.store.FolderNotFoundException;
import org.mailsync.store.FolderSnapshot;
import org.mailsync.store.MessageMeta;
import org.mailsync.store.StoreException;
import org.mailsync.store.local.FolderFingerprint;
import org.mailsync.store.local.DotLock;
import org.mailsync.store.local.FileStamp;
import org.mailsync.store.local.FolderFormat;
import org.mailsync.store.local.GivenUpLocks;
import org.mailsync.store.local.LockWait;
import org.mailsync.store.local.PrivateFiles;

/**
 * mbox folders: a folder is one regular file, empty or starting with {@code From }, holding
 * its messages in mboxrd form (Qmail mbox(5); RFC 4155). An mbox file has no children: the
 * hierarchy is made of plain directories, so a name cannot be both an mbox folder and the
 * parent of other folders (as with c-client's and Dovecot's mbox, whose folders are
 * \NoInferiors).
 *
 * <p>Keys are {@link MboxKey}s, which verify themselves: a key whose bytes have changed is
 * refused with an error naming the folder and key, never applied to another message.
 *
 * <p>What {@link #open} returns is the stored message minus the mboxrd quoting and minus the
 * Status/X-Status/X-Keywords fields (the file's flag storage, see {@link StatusHeaders}); the header
 * bytes of {@link MessageMeta} are that message's header block, so every store computes
 * identities from the bytes it would hand on. {@link MessageMeta#size()} is the stored size.
 *
 * <p>The file is written only by {@link #append} (a true append under {@link MboxLock}),
 * {@link #delete} (a copy without the deleted messages renamed over the file) and
 * {@link #changeFlags} (a copy with new Status fields, likewise); reading never
 * writes, unlike c-client, which adds Status fields on every read-write open. New files and
 * directories are private ({@link PrivateFiles}); a rewritten file keeps the mode it had.
 *
 * <p>An append is recorded in a journal beside the file until the message is whole on disk
 * ({@link AppendJournal}), so that one cut short by a kill -9 or a crash is taken back by
 * whatever touches the folder next (index, open, append, delete), before a partial message
 * with a complete header could pass for the message.
 *
 * <p>An index with an earlier snapshot reads nothing of an unchanged file and only what was
 * appended to a grown one ({@link MboxIndex}). One instance may serve several threads at once
 * on different folders: locks are per file, and what it remembers is kept in concurrent maps.
 */
public class MboxFormat implements FolderFormat {

    /** Folders whose lock this store waited for in vain: later messages for them do not wait again. */
    private final GivenUpLocks givenUp = new GivenUpLocks();

    private final MboxIndex indexer;
    private final Duration settle;

    /** A format that trusts a file's stat once it has not changed for {@link FileStamp#SETTLE_TIME}. */
    public MboxFormat() {
        this(FileStamp.SETTLE_TIME);
    }

    /**
     * @param settle how long before an index a file must have last changed for its snapshot's
     *               times to be trusted ({@link FileStamp#SETTLE_TIME}); tests shorten it
     */
    MboxFormat(Duration settle) {
        this.indexer = new MboxIndex(settle);
        this.settle = settle;
    }

    /**
     * The stat of the file, and of an append journal beside it: one left by an append cut short
     * makes the next index take the append back, so it must not look like an unchanged folder.
     */
    @Override
    public String fingerprint(Path folder) throws StoreException {
        requireFolder(folder);
        try {
            return new FolderFingerprint("mbox/1", settle)
                    .file("mbox", folder)
                    .file("journal", AppendJournal.of(folder))
                    .result();
        } catch (IOException e) {
            throw new StoreException("mbox " + folder + ": cannot stat: " + e.getMessage(), e);
        }
    }

    @Override
    public String name() {
        return "mbox";
    }

    /**
     * The longest name kept beside an mbox is a lock's scratch file, {@code .NAME.lock.PID-THREAD.new}
     * ({@link org.mailsync.store.local.DotLock}): 11 bytes and two numbers, about 31 in all; the
     * append journal ({@code .NAME.mailsync-append}) and a rewrite's {@code .NAME.mailsync-PID.tmp}
     * need less. 40 leaves room for long process and thread ids.
     */
    @Override
    public int siblingNameBytes() {
        return 40;
    }

    @Override
    public boolean isFolder(Path path) {
        if (!Files.isRegularFile(path)) {
            return false;
        }
        try (FileChannel ch = FileChannel.open(path, StandardOpenOption.READ)) {
            ByteBuffer first = ByteBuffer.allocate(8);
            while (first.hasRemaining() && ch.read(first) > 0) {
                // only these few bytes: a stray 4 GB file must cost nothing to recognise
            }
            return first.position() == 0 || MboxReader.startsMbox(first.array(), first.position());
        } catch (IOException e) {
            return false;
        }
    }

    @Override
    public boolean isReservedChild(Path folder, String childName) {
        return false;
    }

    /** Every message, its header whole as {@link #open} returns it. */
    @Override
    public List<MessageMeta> index(Path folder) throws StoreException {
        try (FileChannel ch = openForReading(folder)) {
            return indexer.readAll(ch);
        } catch (IOException | UncheckedIOException e) {
            throw new StoreException("mbox folder " + folder + ": cannot read: " + e.getMessage(), e);
        }
    }

    /**
     * Every message of the file as it is, without taking back an append cut short (or removing
     * an abandoned lock) first: see {@link FolderFormat#examine}. Such an append shows as the
     * torn message it is.
     */
    @Override
    public List<MessageMeta> examine(Path folder) throws StoreException {
        requireFolder(folder);
        try (FileChannel ch = FileChannel.open(folder, StandardOpenOption.READ)) {
            return indexer.readAll(ch);
        } catch (NoSuchFileException e) {
            throw new FolderNotFoundException("no mbox folder " + folder);
        } catch (IOException | UncheckedIOException e) {
            throw new StoreException("mbox folder " + folder + ": cannot read: " + e.getMessage(), e);
        }
    }

    /**
     * Reads nothing if the file is as {@code previous} found it and only what was appended if it
     * grew ({@link MboxIndex}); headers are cut to {@link org.mailsync.mail.HeaderBlock#essentials}.
     */
    @Override
    public FolderSnapshot index(Path folder, FolderSnapshot previous) throws StoreException {
        requireFolder(folder);
        takeBackInterruptedAppend(folder);
        Instant start = Instant.now();
        try {
            // The stat comes before the open: a change made while the file is read must show
            // as a different stat next time.
            FileStamp stamp = FileStamp.of(folder);
            try (FileChannel ch = FileChannel.open(folder, StandardOpenOption.READ)) {
                return indexer.index(ch, stamp, start, previous);
            }
        } catch (NoSuchFileException e) {
            throw new FolderNotFoundException("no mbox folder " + folder);
        } catch (IOException | UncheckedIOException e) {
            throw new StoreException("mbox folder " + folder + ": cannot read: " + e.getMessage(), e);
        }
    }

    /** How many bytes of mbox files indexing has read, for tests that prove a snapshot was reused. */
    long bytesRead() {
        return indexer.bytesRead();
    }

    @Override
    public InputStream open(Path folder, String key) throws StoreException {
        MboxKey k = parseKey(folder, key);
        FileChannel ch = openForReading(folder);
        try {
            CRC32 crc = new CRC32();
            long contentOffset = MboxKeyCheck.verify(ch, k, crc, folder, key);
            // The stream checks the checksum again as it ends, in case the file is rewritten
            // in place while the caller reads.
            return new StoredMessageInputStream(new RegionInputStream(ch, contentOffset, k.end(), true, crc, k.crc()));
        } catch (IOException | StoreException | RuntimeException e) {
            closeQuietly(ch);
            if (e instanceof StoreException se) {
                throw se;
            }
            throw new StoreException("mbox folder " + folder + ": cannot read message " + key + ": " + e.getMessage(), e);
        }
    }

    @Override
    public String append(Path folder, InputStream message, Set<Flag> flags, Instant internalDate) throws StoreException {
        return append(folder, message, flags, Set.of(), internalDate);
    }

    /** Keywords go in {@code X-Keywords:}; one that field cannot hold (white space, a comma) is dropped with a warning. */
    @Override
    public String append(Path folder, InputStream message, Set<Flag> flags, Set<String> keywords, Instant internalDate)
            throws StoreException {
        requireFolder(folder);
        Set<String> kept = keywords == null ? Set.of() : keywords;
        MboxFlagChanges.warnUnstorable(folder, kept);
        Instant date = (internalDate != null ? internalDate : Instant.now()).truncatedTo(ChronoUnit.SECONDS);
        try (MboxLock lock = lockRecovered(folder)) {
            FileChannel ch = lock.channel();
            long before = ch.size();
            AppendJournal[] journal = new AppendJournal[1];
            try {
                MboxKey key = MboxWriter.append(ch, message, flags, kept, date,
                        (offset, boundary, fromLine) -> journal[0] = AppendJournal.begin(folder, ch, offset, boundary, fromLine));
                // Done only once the journal is gone: while it is there, the next access takes the message back.
                journal[0].end();
                return key.toString();
            } catch (IOException | RuntimeException e) {
                if (journal[0] != null) {
                    // Take back a partial message: a half-written one would be read as mail. If
                    // that fails too, the journal stays, and the next access takes it back.
                    try {
                        ch.truncate(before);
                        ch.force(true);
                        journal[0].end();
                    } catch (IOException | RuntimeException again) {
                        e.addSuppressed(again);
                    }
                }
                throw e;
            }
        } catch (IOException e) {
            throw new StoreException("mbox folder " + folder + ": cannot append: " + e.getMessage(), e);
        }
    }

    /**
     * Rewrites the flag fields of those messages in one rewrite of the file, under the same lock
     * as a delete, every key checked first ({@link MboxFlagChanges}).
     */
    @Override
    public void changeFlags(Path folder, Map<String, FlagChange> changes) throws StoreException {
        for (String key : changes.keySet()) {
            parseKey(folder, key);
        }
        if (changes.isEmpty()) {
            return;
        }
        requireFolder(folder);
        try (MboxLock lock = lockRecovered(folder)) {
            FileChannel ch = lock.channel();
            MboxFlagChanges.apply(folder, ch, ch.size(), changes);
        } catch (IOException e) {
            throw new StoreException("mbox folder " + folder + ": cannot change flags: " + e.getMessage(), e);
        }
    }

    @Override
    public void delete(Path folder, Collection<String> keys) throws StoreException {
        Set<String> wanted = new LinkedHashSet<>();
        for (String key : keys) {
            parseKey(folder, key);
            wanted.add(key);
        }
        if (wanted.isEmpty()) {
            return;
        }
        requireFolder(folder);
        try (MboxLock lock = lockRecovered(folder)) {
            FileChannel ch = lock.channel();
            long size = ch.size();
            // Re-read under the lock: only keys that name a message of the file as it is now count.
            List<Extent> messages = new ArrayList<>();
            MboxReader.scan(new RegionInputStream(ch, 0, size),
                    m -> messages.add(new Extent(m.key().toString(), m.fromOffset(), m.extentEnd())));
            Map<String, Extent> byKey = new HashMap<>();
            for (Extent m : messages) {
                byKey.put(m.key(), m);
            }
            for (String key : wanted) {
                if (!byKey.containsKey(key)) {
                    throw stale(folder, key);
                }
            }
            rewriteWithout(folder, ch, size, messages, wanted);
        } catch (IOException e) {
            throw new StoreException("mbox folder " + folder + ": cannot delete messages: " + e.getMessage(), e);
        }
    }

    /** Copies the file without the given messages into a temporary file beside it and renames that over it. */
    private static void rewriteWithout(Path folder, FileChannel ch, long size, List<Extent> messages,
            Set<String> deleted) throws IOException {
        List<long[]> removed = new ArrayList<>();
        for (Extent m : messages) {
            if (deleted.contains(m.key())) {
                removed.add(new long[] {m.fromOffset(), m.extentEnd()});
            }
        }
        MboxRewrite.without(folder, ch, size, removed);
    }

    /** What delete needs of a message: its key and the bytes it occupies, separator included. */
    private record Extent(String key, long fromOffset, long extentEnd) {
    }

    @Override
    public void create(Path folder) throws StoreException {
        String name = folder.getFileName().toString();
        if (name.endsWith(".lock")) {
            // c-client, procmail, mutt and Dovecot would take the file for the lock of the mbox
            // named without ".lock", and a local store never lists such a file as a folder.
            throw new StoreException("cannot create mbox folder " + folder + ": a name ending in \".lock\" is the lock file of "
                    + folder.resolveSibling(name.substring(0, name.length() - ".lock".length())) + " to other mail programs");
        }
        if (Files.isDirectory(folder, LinkOption.NOFOLLOW_LINKS)) {
            throw new StoreException("cannot create mbox folder " + folder + ": a directory is in the way");
        }
        if (Files.exists(folder, LinkOption.NOFOLLOW_LINKS)) {
            if (isFolder(folder)) {
                return;
            }
            throw new StoreException("cannot create mbox folder " + folder + ": a file that is not an mbox is in the way");
        }
        for (Path p = folder.getParent(); p != null; p = p.getParent()) {
            if (Files.isRegularFile(p)) {
                throw new StoreException("cannot create mbox folder " + folder + ": " + p
                        + " is a file (an mbox folder), and mbox folders cannot hold subfolders (a store with"
                        + " 'format maildir' makes its new folders Maildirs, which can)");
            }
        }
        try {
            PrivateFiles.createDirectories(folder.getParent());
            // The journal of an interrupted copy into a file of this name that was removed since
            // (by hand) tells nothing about the new file.
            Files.deleteIfExists(AppendJournal.of(folder));
            PrivateFiles.createFile(folder);
        } catch (IOException e) {
            throw new StoreException("cannot create mbox folder " + folder + ": " + e, e);
        }
    }

    @Override
    public void remove(Path folder) throws StoreException {
        requireFolder(folder);
        // Under the lock, so that no append by a cooperating program lands in a file being unlinked.
        try {
            MboxLock lock = lock(folder);
            try {
                Files.delete(folder);
                // What an interrupted copy left went with the file.
                Files.deleteIfExists(AppendJournal.of(folder));
            } finally {
                lock.close();
            }
        } catch (IOException e) {
            throw new StoreException("cannot remove mbox folder " + folder + ": " + e.getMessage(), e);
        }
    }

    /** The folder's lock, waiting as long as {@link LockWait} says now. */
    private MboxLock lock(Path folder) throws IOException {
        return MboxLock.acquire(folder, LockWait.configured(), givenUp);
    }

    /**
     * The folder's lock, with whatever an interrupted append left in the file taken back
     * ({@link AppendJournal}).
     *
     * @throws StoreException if what was left cannot be taken back safely
     */
    private MboxLock lockRecovered(Path folder) throws IOException, StoreException {
        while (true) {
            MboxLock lock = lock(folder);
            boolean replaced;
            try {
                replaced = AppendJournal.recover(folder, lock.channel());
            } catch (IOException | StoreException | RuntimeException e) {
                try {
                    lock.close();
                } catch (IOException again) {
                    e.addSuppressed(again);
                }
                throw e;
            }
            if (!replaced) {
                return lock;
            }
            lock.close(); // it locks the file that was replaced: lock the new one
        }
    }

    /**
     * Before reading: if an append is under way or was cut short (the file has a journal), takes
     * the lock, which waits for a writer that still runs as for any other holder, and takes back
     * what a writer that is gone left. Readers take no lock otherwise.
     */
    /**
     * What reading the folder's messages ({@link #open}) would first tidy beside it, or null
     * when nothing: an append cut short to take back (its journal), a dot-lock to look at, a
     * rewrite's scratch copy. A reader that must not write at all (a migration's source)
     * refuses such a folder instead; {@link #examine} never tidies.
     */
    public static String tidyingBeforeReading(Path folder) throws StoreException {
        if (AppendJournal.exists(folder)) {
            return "an append to it is in progress or was cut short (" + AppendJournal.of(folder).getFileName() + ")";
        }
        Path lock = MboxLock.dotLockOf(folder);
        if (Files.exists(lock, LinkOption.NOFOLLOW_LINKS)) {
            return "it is locked (" + lock.getFileName() + ")";
        }
        String scratch = "." + folder.getFileName() + ".mailsync-";
        try (java.util.stream.Stream<Path> siblings = Files.list(folder.toAbsolutePath().getParent())) {
            return siblings.map(p -> p.getFileName().toString()).filter(n -> n.startsWith(scratch) && n.endsWith(".tmp"))
                    .findFirst().map(n -> "a rewrite of it left a scratch copy (" + n + ")").orElse(null);
        } catch (IOException e) {
            throw new StoreException("mbox folder " + folder + ": cannot list its directory: " + e.getMessage(), e);
        }
    }

    private void takeBackInterruptedAppend(Path folder) throws StoreException {
        if (!AppendJournal.exists(folder)) {
            removeAbandonedLock(folder);
            return;
        }
        try (MboxLock lock = lockRecovered(folder)) {
            // taken back (or nothing to take back) under the lock; reading needs no lock
        } catch (IOException e) {
            throw new StoreException("mbox folder " + folder + ": cannot read it while a message is being copied into it ("
                    + AppendJournal.of(folder) + "): " + e.getMessage(), e);
        }
    }

    /**
     * A writer killed between taking the folder's dot-lock and starting its journal left just
     * the lock: the reader removes it when its owner is gone (one stat when there is none), and
     * the scratch copy of a rewrite such a writer was in the middle of.
     */
    private static void removeAbandonedLock(Path folder) throws StoreException {
        try {
            DotLock.removeIfAbandoned(MboxLock.dotLockOf(folder), "mbox folder " + folder, MboxLock.STALE);
            MboxRewrite.removeLeftovers(folder);
        } catch (IOException e) {
            throw new StoreException("mbox folder " + folder + ": cannot check its lock " + MboxLock.dotLockOf(folder) + ": "
                    + e.getMessage(), e);
        }
    }

    /** Opens the file to read, once any append cut short is taken back. */
    private FileChannel openForReading(Path folder) throws StoreException {
        requireFolder(folder);
        takeBackInterruptedAppend(folder);
        try {
            return FileChannel.open(folder, StandardOpenOption.READ);
        } catch (NoSuchFileException e) {
            throw new FolderNotFoundException("no mbox folder " + folder);
        } catch (IOException e) {
            throw new StoreException("mbox folder " + folder + ": cannot open: " + e.getMessage(), e);
        }
    }

    private void requireFolder(Path folder) throws StoreException {
        if (!isFolder(folder)) {
            throw new FolderNotFoundException("no mbox folder " + folder);
        }
    }

    private static MboxKey parseKey(Path folder, String key) throws StoreException {
        MboxKey k = key == null ? null : MboxKey.parse(key);
        if (k == null) {
            throw new StoreException("mbox folder " + folder + ": " + key + " is not a message key of this store");
        }
        return k;
    }

    private static StoreException stale(Path folder, String key) {
        return MboxKeyCheck.stale(folder, key);
    }

    private static void closeQuietly(FileChannel ch) {
        try {
            ch.close();
        } catch (IOException e) {
            // already failing; the first error is the one to report
        }
    }

    @Override
    public String toString() {
        return "mbox";
    }
}
