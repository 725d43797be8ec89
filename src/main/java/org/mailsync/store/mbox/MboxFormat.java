package org.mailsync.store.mbox;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
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

import org.mailsync.mail.HeaderBlock;
import org.mailsync.store.Flag;
import org.mailsync.store.FolderNotFoundException;
import org.mailsync.store.MessageMeta;
import org.mailsync.store.StoreException;
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
 * Status/X-Status fields (the file's flag storage, see {@link StatusHeaders}); the header
 * bytes of {@link MessageMeta} are that message's header block, so every store computes
 * identities from the bytes it would hand on. {@link MessageMeta#size()} is the stored size.
 *
 * <p>The file is written only by {@link #append} (a true append under {@link MboxLock}) and
 * {@link #delete} (a copy without the deleted messages renamed over the file); reading never
 * writes, unlike c-client, which adds Status fields on every read-write open. New files and
 * directories are private ({@link PrivateFiles}); a rewritten file keeps the mode it had.
 *
 * <p>An append is recorded in a journal beside the file until the message is whole on disk
 * ({@link AppendJournal}), so that one cut short by a kill -9 or a crash is taken back by
 * whatever touches the folder next (index, open, append, delete), before a partial message
 * with a complete header could pass for the message.
 */
public class MboxFormat implements FolderFormat {

    /** Folders whose lock this store waited for in vain: later messages for them do not wait again. */
    private final GivenUpLocks givenUp = new GivenUpLocks();

    @Override
    public String name() {
        return "mbox";
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

    @Override
    public List<MessageMeta> index(Path folder) throws StoreException {
        List<MessageMeta> metas = new ArrayList<>();
        try (FileChannel ch = openForReading(folder)) {
            // Converted as they come, so only one raw header block is held at a time.
            MboxReader.scan(new RegionInputStream(ch, 0, ch.size()), m -> {
                byte[] header = messageHeader(m.rawHeader());
                if (!(metas.isEmpty() && isFolderInternalData(header))) {
                    metas.add(new MessageMeta(m.key().toString(), m.storedSize(), m.flags(), m.internalDate(), header));
                }
            });
        } catch (IOException | UncheckedIOException e) {
            throw new StoreException("mbox folder " + folder + ": cannot read: " + e.getMessage(), e);
        }
        return metas;
    }

    /**
     * Whether a folder's first message is the pseudo message c-client (and so the original
     * mailsync, pine, mutt's c-client builds) puts at the top of every mbox file it creates.
     * c-client hides it; we must too, or switching from the original would copy it as mail.
     */
    static boolean isFolderInternalData(byte[] header) {
        HeaderBlock h = HeaderBlock.parse(header);
        String subject = h.first("Subject");
        return h.first("X-IMAP") != null && subject != null
                && subject.strip().equals("DON'T DELETE THIS MESSAGE -- FOLDER INTERNAL DATA");
    }

    /** The header block as {@link #open} would return it: quoting undone, Status fields gone. */
    private static byte[] messageHeader(byte[] rawHeader) {
        try (InputStream in = new StoredMessageInputStream(new ByteArrayInputStream(rawHeader))) {
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e); // cannot happen on an array
        }
    }

    @Override
    public InputStream open(Path folder, String key) throws StoreException {
        MboxKey k = parseKey(folder, key);
        FileChannel ch = openForReading(folder);
        try {
            CRC32 crc = new CRC32();
            long contentOffset = verify(ch, k, crc, folder, key);
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

    /**
     * Checks that the key's region still is that message: in bounds, a {@code From } line at a
     * line start, the same length and CRC-32, and followed by the end of the file or (an empty
     * line and) a {@code From } line; else someone wrote more lines into it.
     *
     * @param crc fed with the {@code From } line, for the stream to continue
     * @return the offset of the message's content, just past its {@code From } line
     */
    private static long verify(FileChannel ch, MboxKey k, CRC32 crc, Path folder, String key)
            throws IOException, StoreException {
        long size = ch.size();
        if (k.end() > size || k.length() < 5) {
            throw stale(folder, key);
        }
        if (k.offset() > 0) {
            byte[] before = read(ch, Math.max(0, k.offset() - 3), (int) Math.min(3, k.offset()));
            // Any line start: Netscape-style files have no empty line before a separator.
            boolean boundary = before.length > 0 && before[before.length - 1] == '\n';
            if (!boundary && !(k.offset() == 3 && MboxReader.startsMbox(read(ch, 0, 8), 8))) {
                throw stale(folder, key);
            }
        }
        byte[] after = read(ch, k.end(), 8);
        String a = new String(after, StandardCharsets.ISO_8859_1);
        if (!(after.length == 0 || a.equals("\n") || a.equals("\r\n") || a.startsWith("\nFrom ") || a.startsWith("\r\nFrom ")
                || a.startsWith("From "))) {
            throw stale(folder, key);
        }
        CRC32 whole = new CRC32();
        long contentOffset = -1;
        ByteBuffer buf = ByteBuffer.allocate(64 * 1024);
        for (long pos = k.offset(); pos < k.end(); ) {
            buf.clear().limit((int) Math.min(buf.capacity(), k.end() - pos));
            int n = ch.read(buf, pos);
            if (n <= 0) {
                throw stale(folder, key);
            }
            byte[] b = buf.array();
            if (pos == k.offset() && MboxrdQuoting.quoteDepth(b, n) != 0) {
                throw stale(folder, key);
            }
            if (contentOffset < 0) {
                for (int i = 0; i < n; i++) {
                    if (b[i] == '\n') {
                        contentOffset = pos + i + 1;
                        crc.update(b, 0, i + 1);
                        break;
                    }
                }
                if (contentOffset < 0) {
                    crc.update(b, 0, n);
                }
            }
            whole.update(b, 0, n);
            pos += n;
        }
        if (whole.getValue() != k.crc()) {
            throw stale(folder, key);
        }
        return contentOffset < 0 ? k.end() : contentOffset;
    }

    private static byte[] read(FileChannel ch, long pos, int len) throws IOException {
        ByteBuffer b = ByteBuffer.allocate(len);
        while (b.hasRemaining()) {
            int n = ch.read(b, pos + b.position());
            if (n < 0) {
                break;
            }
        }
        byte[] out = new byte[b.position()];
        System.arraycopy(b.array(), 0, out, 0, out.length);
        return out;
    }

    @Override
    public String append(Path folder, InputStream message, Set<Flag> flags, Instant internalDate) throws StoreException {
        requireFolder(folder);
        Instant date = (internalDate != null ? internalDate : Instant.now()).truncatedTo(ChronoUnit.SECONDS);
        try (MboxLock lock = lockRecovered(folder)) {
            FileChannel ch = lock.channel();
            long before = ch.size();
            AppendJournal[] journal = new AppendJournal[1];
            try {
                MboxKey key = MboxWriter.append(ch, message, flags, date,
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
        rewriteWithout(folder, ch, size, removed);
    }

    /**
     * Copies the file without the given byte ranges ({@code [from, to)}, in file order, not
     * overlapping) into a temporary file beside it and renames that over it, so a crash leaves
     * either the old file or the new one, never half of each. The new file keeps the old one's
     * mode. The caller holds the lock; afterwards its channel is the old file's.
     */
    static void rewriteWithout(Path folder, FileChannel ch, long size, List<long[]> removed) throws IOException {
        Path tmp = folder.resolveSibling("." + folder.getFileName() + ".mailsync-" + ProcessHandle.current().pid() + ".tmp");
        try {
            // Private until it has the old file's mode: it holds the same mail.
            try (FileChannel out = PrivateFiles.newFile(tmp)) {
                long copyFrom = 0; // the bytes before the first message (a byte order mark) stay
                for (long[] range : removed) {
                    transfer(ch, copyFrom, range[0], out);
                    copyFrom = range[1];
                }
                transfer(ch, copyFrom, size, out);
                out.force(true);
            }
            copyPermissions(folder, tmp);
            try {
                Files.move(tmp, folder, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                throw new IOException("cannot replace " + folder + " atomically", e);
            }
            forceDirectory(folder.toAbsolutePath().getParent());
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    private static void transfer(FileChannel in, long from, long to, FileChannel out) throws IOException {
        long pos = from;
        while (pos < to) {
            long n = in.transferTo(pos, to - pos, out);
            if (n <= 0) {
                throw new IOException("file shrank while being copied (at byte " + pos + ")");
            }
            pos += n;
        }
    }

    private static void copyPermissions(Path from, Path to) throws IOException {
        try {
            Files.setPosixFilePermissions(to, Files.getPosixFilePermissions(from));
        } catch (UnsupportedOperationException e) {
            // not a POSIX file system: the new file keeps the default permissions
        }
    }

    /** Makes the rename durable; some systems cannot open a directory, and then it waits for the next sync. */
    static void forceDirectory(Path dir) {
        try (FileChannel d = FileChannel.open(dir, StandardOpenOption.READ)) {
            d.force(true);
        } catch (IOException e) {
            // best effort only
        }
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
                        + " is a file (an mbox folder), and mbox folders cannot hold subfolders");
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
    private void takeBackInterruptedAppend(Path folder) throws StoreException {
        if (!AppendJournal.exists(folder)) {
            return;
        }
        try (MboxLock lock = lockRecovered(folder)) {
            // taken back (or nothing to take back) under the lock; reading needs no lock
        } catch (IOException e) {
            throw new StoreException("mbox folder " + folder + ": cannot read it while a message is being copied into it ("
                    + AppendJournal.of(folder) + "): " + e.getMessage(), e);
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
        return new StoreException("mbox folder " + folder + ": message " + key
                + " is no longer there as indexed (the file was changed by another program); nothing done");
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
