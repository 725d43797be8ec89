package org.mailsync.store.mbox;

import java.io.ByteArrayInputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.LongAdder;

import org.mailsync.mail.HeaderBlock;
import org.mailsync.store.FolderSnapshot;
import org.mailsync.store.MessageMeta;
import org.mailsync.store.local.FileStamp;

/**
 * Indexes an mbox file, reading as little of it as an earlier snapshot allows: the reading
 * half of {@link MboxFormat}.
 *
 * <p>A snapshot's validity is the file's stat when it was read and how much of it was read,
 * {@code mbox/1 <dev> <ino> <size> <mtimeNs> <ctimeNs> <end>}; its entries carry no stamps.
 * Next time:
 * <ul>
 * <li>the same stat, times included, means the same bytes: the entries are taken as they are
 *     and nothing is read. The times are written as {@code -} (never equal) when the file
 *     changed within the {@linkplain FileStamp#SETTLE_TIME settle time} before the reading, as
 *     it could then change again without its ctime moving;</li>
 * <li>the same file (device and inode) that only grew is taken to have been appended to, the
 *     way every MDA and mail program adds mail to an mbox: reading resumes at the previous last
 *     message's {@code From } line ({@link MboxReader#scanFrom}). That message must come out with
 *     the same self-verifying key ({@link MboxKey}: offset, length, CRC-32 of its bytes), which
 *     proves that it is still there and still ends where it did, or else the whole file is read.
 *     The earlier messages are not read again; a program that rewrote one of them in place
 *     without changing its length, and also appended, would go unseen until the file is next
 *     read whole. Mail programs that rewrite an mbox (an expunge, a Status update) change
 *     lengths or write a new file, which moves the last message or changes the inode;</li>
 * <li>anything else (another inode, a file as long or shorter, a snapshot that is not ours or
 *     whose keys are out of order) is a reading of the whole file.</li>
 * </ul>
 * Whatever an append cut short left is taken back before any of this ({@link AppendJournal}),
 * so a torn message is never part of a snapshot that a later index would build on.
 *
 * <p>Measured on a 241 MB file of 100,000 messages (ext4, warm cache, a loaded two-core VM):
 * reading it whole takes 10.7 s; with the snapshot, an unchanged file takes 0.07 s and one
 * delivery 0.08 s, reading only the previous last message and the new one.
 */
final class MboxIndex {

    /** The kind and version that start every validity of this class. */
    static final String KIND = "mbox/1";

    private final Duration settle;
    private final LongAdder bytesRead = new LongAdder();

    MboxIndex(Duration settle) {
        this.settle = settle;
    }

    /**
     * What held for the file as a whole when it was read.
     *
     * @param timesKnown false when the file changed within the settle time: then the times never
     *                   match, and only the growth check can reuse the snapshot
     * @param end        how many bytes of the file were read; the entries cover exactly these
     */
    record Validity(long device, long inode, long size, long modifiedNanos, long ctimeNanos, boolean timesKnown, long end) {

        static Validity of(FileStamp stamp, Instant indexStart, Duration settle, long end) {
            if (!stamp.checkable()) {
                return null; // without ctime and inode nothing can be validated
            }
            return new Validity(stamp.device(), stamp.inode(), stamp.size(), stamp.modifiedNanos(), stamp.ctimeNanos(),
                    stamp.settledBefore(indexStart, settle), end);
        }

        /** Parses a validity of this class, or returns null for anything else. */
        static Validity parse(String text) {
            if (text == null || !text.startsWith(KIND + " ")) {
                return null;
            }
            String[] f = text.split(" ");
            if (f.length != 7) {
                return null;
            }
            try {
                boolean times = !f[4].equals("-") && !f[5].equals("-");
                Validity v = new Validity(Long.parseLong(f[1]), Long.parseLong(f[2]), Long.parseLong(f[3]),
                        times ? Long.parseLong(f[4]) : 0, times ? Long.parseLong(f[5]) : 0, times, Long.parseLong(f[6]));
                return v.size >= 0 && v.end >= 0 ? v : null;
            } catch (NumberFormatException e) {
                return null;
            }
        }

        String text() {
            return KIND + " " + device + " " + inode + " " + size + " " + (timesKnown ? modifiedNanos : "-") + " "
                    + (timesKnown ? ctimeNanos : "-") + " " + end;
        }

        boolean sameFile(Validity other) {
            return device == other.device && inode == other.inode;
        }

        /** Whether this stat is exactly the earlier one's, so the file holds the bytes it read. */
        boolean unchangedSince(Validity before) {
            return sameFile(before) && before.timesKnown && timesKnown && size == before.size && size == before.end
                    && modifiedNanos == before.modifiedNanos && ctimeNanos == before.ctimeNanos;
        }
    }

    /** Every message with its whole header, as {@link MboxFormat#index(java.nio.file.Path)} returns them. */
    List<MessageMeta> readAll(FileChannel ch) throws IOException {
        List<MessageMeta> metas = new ArrayList<>();
        read(ch, 0, ch.size(), metas, false);
        return metas;
    }

    /**
     * The snapshot of the file open as {@code ch}, reusing {@code previous} where it still holds.
     *
     * @param stamp      the file's stat, taken before it was opened, so that a change made
     *                   while it is read shows in the next stat
     * @param indexStart when the index started, before the stat
     */
    FolderSnapshot index(FileChannel ch, FileStamp stamp, Instant indexStart, FolderSnapshot previous) throws IOException {
        long end = ch.size();
        Validity now = Validity.of(stamp, indexStart, settle, end);
        Validity before = previous == null ? null : Validity.parse(previous.validity());
        List<MboxKey> keys = before == null ? null : keysInOrder(previous, before.end);
        if (now != null && keys != null) {
            if (now.unchangedSince(before)) {
                return previous;
            }
            if (now.sameFile(before) && end > before.end && !keys.isEmpty()) {
                FolderSnapshot grown = readAppended(ch, previous, keys.get(keys.size() - 1), now);
                if (grown != null) {
                    return grown;
                }
            }
        }
        List<MessageMeta> metas = new ArrayList<>();
        read(ch, 0, end, metas, true);
        return snapshot(now, metas);
    }

    /**
     * The keys of a snapshot's entries, if they are what this class makes: in file order, not
     * overlapping and within the bytes read; else null, and the snapshot is not used.
     */
    private static List<MboxKey> keysInOrder(FolderSnapshot previous, long end) {
        List<MboxKey> keys = new ArrayList<>(previous.entries().size());
        long after = 0;
        for (FolderSnapshot.Entry entry : previous.entries()) {
            MboxKey k = MboxKey.parse(entry.meta().key());
            if (k == null || k.offset() < after || k.length() < 5 || k.end() > end) {
                return null;
            }
            keys.add(k);
            after = k.end();
        }
        return keys;
    }

    /**
     * The earlier entries followed by what was appended, read from the previous last message
     * on; null if that message is not there as it was (then the whole file must be read).
     */
    private FolderSnapshot readAppended(FileChannel ch, FolderSnapshot previous, MboxKey last, Validity now) throws IOException {
        long from = last.offset();
        if (from <= 3) {
            return null; // the file's first message: resuming there is reading the whole file
        }
        List<MessageMeta> tail = new ArrayList<>();
        boolean resumed = MboxReader.scanFrom(counted(ch, from, now.end()), from, blankLineBefore(ch, from),
                m -> tail.add(meta(m, true)));
        if (!resumed || tail.isEmpty() || !tail.get(0).key().equals(last.toString())) {
            return null;
        }
        List<MessageMeta> metas = new ArrayList<>(previous.metas());
        metas.remove(metas.size() - 1); // read again with the tail, and found the same
        metas.addAll(tail);
        return snapshot(now, metas);
    }

    /** Whether the line that ends just before {@code offset} is empty ({@code \n} or {@code \r\n}). */
    private static boolean blankLineBefore(FileChannel ch, long offset) throws IOException {
        ByteBuffer b = ByteBuffer.allocate(3);
        long start = offset - 3;
        while (b.hasRemaining() && ch.read(b, start + b.position()) > 0) {
            // positional reads until full
        }
        byte[] x = b.array();
        return b.position() == 3 && x[2] == '\n' && (x[1] == '\n' || (x[1] == '\r' && x[0] == '\n'));
    }

    private static FolderSnapshot snapshot(Validity now, List<MessageMeta> metas) {
        List<FolderSnapshot.Entry> entries = new ArrayList<>(metas.size());
        for (MessageMeta meta : metas) {
            entries.add(new FolderSnapshot.Entry(meta, null)); // the validity vouches for the whole file
        }
        return new FolderSnapshot(now == null ? null : now.text(), entries);
    }

    /** Reads messages from {@code [from, to)}, dropping c-client's pseudo message if it comes first. */
    private void read(FileChannel ch, long from, long to, List<MessageMeta> metas, boolean essentials) throws IOException {
        // Converted as they come, so only one raw header block is held at a time.
        MboxReader.scan(counted(ch, from, to), m -> {
            MessageMeta meta = meta(m, false);
            if (!(metas.isEmpty() && isFolderInternalData(meta.header()))) {
                metas.add(essentials ? cut(meta) : meta);
            }
        });
    }

    private static MessageMeta meta(MboxMessage m, boolean essentials) {
        MessageMeta meta = new MessageMeta(m.key().toString(), m.storedSize(), m.flags(), m.internalDate(),
                messageHeader(m.rawHeader()), m.keywords());
        return essentials ? cut(meta) : meta;
    }

    private static MessageMeta cut(MessageMeta meta) {
        return new MessageMeta(meta.key(), meta.size(), meta.flags(), meta.internalDate(), HeaderBlock.essentials(meta.header()),
                meta.keywords());
    }

    /**
     * Whether a folder's first message is the pseudo message c-client (and so the original
     * mailsync, pine, mutt's c-client builds) puts at the top of every mbox file it creates.
     * c-client hides it; we must too, or switching from the original would copy it as mail.
     * It is only ever the first message, so a reading that resumes after it never meets it.
     */
    static boolean isFolderInternalData(byte[] header) {
        HeaderBlock h = HeaderBlock.parse(header);
        String subject = h.first("Subject");
        return h.first("X-IMAP") != null && subject != null
                && subject.strip().equals("DON'T DELETE THIS MESSAGE -- FOLDER INTERNAL DATA");
    }

    /** The header block as {@link MboxFormat#open} would return it: quoting undone, Status and X-Keywords fields gone. */
    private static byte[] messageHeader(byte[] rawHeader) {
        try (InputStream in = new StoredMessageInputStream(new ByteArrayInputStream(rawHeader))) {
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e); // cannot happen on an array
        }
    }

    /** How many bytes of mbox files indexing has read: what a test of the reuse counts. */
    long bytesRead() {
        return bytesRead.sum();
    }

    private InputStream counted(FileChannel ch, long from, long to) {
        return new FilterInputStream(new RegionInputStream(ch, from, to)) {
            @Override
            public int read() throws IOException {
                int b = super.read();
                if (b >= 0) {
                    bytesRead.increment();
                }
                return b;
            }

            @Override
            public int read(byte[] b, int off, int len) throws IOException {
                int n = super.read(b, off, len);
                if (n > 0) {
                    bytesRead.add(n);
                }
                return n;
            }
        };
    }
}
