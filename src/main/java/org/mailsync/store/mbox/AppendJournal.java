package org.mailsync.store.mbox;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.zip.CRC32;

import org.mailsync.store.StoreException;
import org.mailsync.store.local.LockNotices;
import org.mailsync.store.local.LockOwner;
import org.mailsync.store.local.PrivateFiles;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The journal of an append in progress, so that a copy cut short by a kill -9 (or a crash) is
 * taken back instead of being read as mail. {@link MboxWriter} writes a message straight into
 * the mbox file; a writer killed half-way leaves the start of the message at the end of the
 * file, often with its whole header, and so its Message-ID: a sync would take it for the
 * message, count it as copied, and the truncated copy would stay for good.
 *
 * <p>Before the first byte of a message is written, under the folder's {@link MboxLock}, the
 * journal {@code .NAME.mailsync-append} is created beside the mbox file {@code NAME} and forced
 * to disk (with its directory): the file's size before the append, the bytes the append starts
 * with (the empty line it may add, its {@code From } line), a checksum of the bytes just before,
 * and its writer ({@link LockOwner}, {@code PID HOST START [PIDNS]}). Once the message is
 * written and the mbox forced to disk, the journal is deleted (and the directory forced), and
 * only then is the append reported done. A dot file: local stores never list it as a folder.
 *
 * <p>Whoever finds a journal (an index, an open, an append, a delete) first takes the folder's
 * lock, which waits for a writer that still runs as for any lock holder and breaks at once the
 * lock of one that is gone. A journal found under the lock belongs to an append that did not
 * finish: appends are only made under the lock, so its writer is not writing. It is then
 * {@linkplain #recover taken back}:
 * <ul>
 * <li>if the file holds the append's start at the recorded offset and nothing but its own
 *     lines after it, the file is truncated to that offset: mboxrd quoting means no line of the
 *     message starts with {@code From }, so any such line after it is another program's mail;
 * <li>if another program added mail after the partial message (a line starting with
 *     {@code From }), only the partial message is removed, by a rewrite under the lock like a
 *     delete's, and that mail is kept;
 * <li>if the append wrote none of its message (at most the empty line before it), nothing is
 *     removed;
 * <li>in any case mailsync cannot be sure of (the file was rewritten by another program since,
 *     or what looks like another program's message starts in the middle of a line of the
 *     partial one), nothing is touched and the folder is refused with an error saying what to
 *     look at and how to repair it by hand.
 * </ul>
 * Removing bytes is announced on a visible warning line ({@link LockNotices}).
 */
final class AppendJournal {

    private static final Logger LOG = LoggerFactory.getLogger(AppendJournal.class);

    /** The end of a journal's name: {@code .NAME.mailsync-append} beside the mbox file {@code NAME}. */
    static final String SUFFIX = ".mailsync-append";

    private static final String MAGIC = "mailsync mbox append journal 1";
    private static final String END = "end";
    /** How many bytes before the offset the journal's checksum covers. */
    private static final int WINDOW = 4096;
    /** Journals are a few hundred bytes; anything longer is not one of ours. */
    private static final int READ_LIMIT = 64 * 1024;
    /** The longest line still taken for a separator, as {@link MboxReader} does. */
    private static final int MAX_FROM_LINE = 1000;

    private final Path file;

    private AppendJournal(Path file) {
        this.file = file;
    }

    /** The journal path of an mbox file. */
    static Path of(Path folder) {
        return folder.resolveSibling("." + folder.getFileName() + SUFFIX);
    }

    /** Whether the mbox file has a journal, that is an append in progress or one that was cut short. */
    static boolean exists(Path folder) {
        return Files.exists(of(folder), LinkOption.NOFOLLOW_LINKS);
    }

    /**
     * Records an append that is about to write {@code boundary} and then {@code fromLine} at
     * {@code offset}, the end of the locked file, and forces the record to disk.
     *
     * @throws FileAlreadyExistsException if a journal exists: it is not ours to overwrite
     */
    static AppendJournal begin(Path folder, FileChannel mbox, long offset, byte[] boundary, byte[] fromLine)
            throws IOException {
        int window = (int) Math.min(WINDOW, offset);
        CRC32 crc = new CRC32();
        crc.update(read(mbox, offset - window, window));
        HexFormat hex = HexFormat.of();
        String text = MAGIC + "\n"
                + "owner " + LockOwner.current().fileContent()
                + "offset " + offset + "\n"
                + "boundary " + hex.formatHex(boundary) + "\n"
                + "from " + hex.formatHex(fromLine) + "\n"
                + "before " + window + " " + Long.toHexString(crc.getValue()) + "\n"
                + END + "\n";
        Path journal = of(folder);
        FileChannel ch = PrivateFiles.newFile(journal);
        try (ch) {
            ByteBuffer bytes = ByteBuffer.wrap(text.getBytes(StandardCharsets.US_ASCII));
            while (bytes.hasRemaining()) {
                ch.write(bytes);
            }
            ch.force(true);
        } catch (IOException | RuntimeException e) {
            Files.deleteIfExists(journal); // ours, and nothing of the message is written yet
            throw e;
        }
        MboxRewrite.forceDirectory(journal.toAbsolutePath().getParent());
        return new AppendJournal(journal);
    }

    /** Ends the record: the message is all there (or all taken back) and on disk. */
    void end() throws IOException {
        Files.deleteIfExists(file);
        MboxRewrite.forceDirectory(file.toAbsolutePath().getParent());
    }

    /**
     * Takes back what an append that did not finish left in the file, if the file has a journal.
     * Called with the folder's lock held ({@code mbox} is the locked file).
     *
     * @return whether the file was replaced by a rewritten copy: then {@code mbox} and the lock
     *         that came with it are the old file's, and must be taken again
     * @throws StoreException if mailsync cannot be sure what to take back: nothing was changed
     */
    static boolean recover(Path folder, FileChannel mbox) throws IOException, StoreException {
        Path journal = of(folder);
        byte[] raw;
        try (InputStream in = Files.newInputStream(journal, LinkOption.NOFOLLOW_LINKS)) {
            raw = in.readNBytes(READ_LIMIT + 1);
        } catch (NoSuchFileException e) {
            return false;
        }
        String text = new String(raw, StandardCharsets.ISO_8859_1);
        if (raw.length <= READ_LIMIT && !text.endsWith("\n" + END + "\n")) {
            // Cut short while being written: the append had not written anything yet, as the
            // journal reaches the disk before the first byte of the message does.
            LOG.debug("mbox folder {}: removing the incomplete journal {} of an append that never started", folder, journal);
            new AppendJournal(journal).end();
            return false;
        }
        Entry entry = Entry.parse(text).orElseThrow(() -> new StoreException("mbox folder " + folder + ": " + journal
                + " is not a journal mailsync can read, so it cannot tell whether a copy into the folder was cut short."
                + " Look at the end of " + folder + " for a truncated message, delete it with your mail program if there is"
                + " one, then remove " + journal + ". Until then mailsync leaves this folder alone."));
        return new Recovery(folder, journal, mbox, entry).run();
    }

    /** What a journal records. */
    private record Entry(Optional<LockOwner> owner, long offset, byte[] boundary, byte[] fromLine, int window, long crc) {

        static Optional<Entry> parse(String text) {
            List<String> lines = text.lines().toList();
            if (lines.isEmpty() || !lines.get(0).equals(MAGIC)) {
                return Optional.empty();
            }
            Map<String, String> fields = new HashMap<>();
            for (String line : lines.subList(1, lines.size())) {
                int sp = line.indexOf(' ');
                fields.put(sp < 0 ? line : line.substring(0, sp), sp < 0 ? "" : line.substring(sp + 1));
            }
            try {
                String[] before = fields.get("before").split(" ");
                HexFormat hex = HexFormat.of();
                Entry e = new Entry(LockOwner.parse(fields.getOrDefault("owner", "")), Long.parseLong(fields.get("offset")),
                        hex.parseHex(fields.get("boundary")), hex.parseHex(fields.get("from")), Integer.parseInt(before[0]),
                        Long.parseLong(before[1], 16));
                boolean sane = e.offset >= 0 && e.window >= 0 && e.window <= e.offset && e.fromLine.length > 5
                        && new String(e.fromLine, StandardCharsets.ISO_8859_1).startsWith("From ")
                        && e.fromLine[e.fromLine.length - 1] == '\n';
                return sane ? Optional.of(e) : Optional.empty();
            } catch (RuntimeException e) {
                return Optional.empty(); // a field missing or malformed
            }
        }

        /** The bytes the append began with: the empty line it added, if any, and its {@code From } line. */
        byte[] head() {
            byte[] head = Arrays.copyOf(boundary, boundary.length + fromLine.length);
            System.arraycopy(fromLine, 0, head, boundary.length, fromLine.length);
            return head;
        }

        /** Where the message itself began. */
        long messageStart() {
            return offset + boundary.length;
        }

        String fromLineText() {
            return new String(fromLine, StandardCharsets.ISO_8859_1).strip();
        }
    }

    /** One recovery, under the lock. */
    private static final class Recovery {
        private final Path folder;
        private final Path journal;
        private final FileChannel mbox;
        private final Entry entry;

        Recovery(Path folder, Path journal, FileChannel mbox, Entry entry) {
            this.folder = folder;
            this.journal = journal;
            this.mbox = mbox;
            this.entry = entry;
        }

        boolean run() throws IOException, StoreException {
            long size = mbox.size();
            long offset = entry.offset();
            byte[] head = entry.head();
            if (size < offset) {
                throw rewrittenSince("is now only " + size + " bytes long");
            }
            byte[] start = read(mbox, offset, (int) Math.min(head.length, size - offset));
            int common = commonPrefix(start, head);
            if (common == start.length) {
                // The file from the offset on is the append's start, maybe all of it.
                if (size == offset) {
                    LOG.debug("mbox folder {}: the append recorded in {} had not written anything", folder, journal);
                    new AppendJournal(journal).end();
                    return false;
                }
                Foreign foreign = size > offset + head.length ? findForeign(offset + head.length, size) : null;
                if (foreign == null) {
                    truncate(size);
                    return false;
                }
                if (!foreign.atLineStart()) {
                    throw ambiguous(foreign.at(), size);
                }
                cutOut(foreign.at(), size);
                return true;
            }
            // Something else follows the offset. The append wrote its head before any of its
            // message, so at most a part of its head is there: nothing that reads as mail, if
            // that part is its empty line, or its From line glued to another message's.
            boolean noMessageOfOurs = common <= entry.boundary().length || startsWithOtherFromLine(size);
            if (!noMessageOfOurs || !unchangedBefore()) {
                throw rewrittenSince("does not have the copy's start there");
            }
            new AppendJournal(journal).end();
            LOG.debug("mbox folder {}: the append recorded in {} had written none of its message; the {} bytes after byte {}"
                    + " are another program's and stay", folder, journal, size - offset, offset);
            return false;
        }

        /** Whether the bytes at the message's start are a whole {@code From } line other than ours. */
        private boolean startsWithOtherFromLine(long size) throws IOException {
            long at = entry.messageStart();
            byte[] line = read(mbox, at, (int) Math.min(MAX_FROM_LINE, size - at));
            int eol = indexOf(line, (byte) '\n', 0);
            if (eol < 0 || !startsWith(line, 0, FromLine.PREFIX)) {
                return false;
            }
            return !Arrays.equals(Arrays.copyOf(line, eol + 1), entry.fromLine());
        }

        /** Whether the bytes before the offset are those the journal saw: no other program rewrote the file. */
        private boolean unchangedBefore() throws IOException {
            CRC32 crc = new CRC32();
            crc.update(read(mbox, entry.offset() - entry.window(), entry.window()));
            return crc.getValue() == entry.crc();
        }

        /** Everything from the offset on is the partial message: the file goes back to its size before the append. */
        private void truncate(long size) throws IOException {
            mbox.truncate(entry.offset());
            mbox.force(true);
            new AppendJournal(journal).end();
            LockNotices.warn("mbox folder " + folder + ": removed the last " + (size - entry.offset()) + " bytes of "
                    + folder + ", an incomplete copy of a message (\"" + entry.fromLineText() + "\") cut short when its"
                    + " writer was stopped (" + writer() + "); it was never recorded as copied, so the next sync copies it again");
        }

        /** Removes the partial message only, keeping the mail another program added after it. */
        private void cutOut(long foreignAt, long size) throws IOException {
            // The empty line the append put before its message stays: the other program's
            // message then follows one, as a separator line should.
            long from = entry.messageStart();
            MboxRewrite.without(folder, mbox, size, List.of(new long[] {from, foreignAt}));
            new AppendJournal(journal).end();
            LockNotices.warn("mbox folder " + folder + ": removed " + (foreignAt - from) + " bytes at byte " + from + " of "
                    + folder + ", an incomplete copy of a message (\"" + entry.fromLineText() + "\") cut short when its"
                    + " writer was stopped (" + writer() + "); the " + (size - foreignAt) + " bytes after it, mail another"
                    + " program added later, were kept; the copy was never recorded as made, so the next sync makes it again");
        }

        /**
         * The first line after the append's head that cannot be the append's: one starting with
         * {@code From } (mboxrd quoting leaves none in the message), or a {@code From } line of
         * another message glued to the middle of the partial message's last line (a dated one
         * followed by a header field, as separator lines are).
         */
        private Foreign findForeign(long from, long size) throws IOException {
            ByteBuffer buf = ByteBuffer.allocate(64 * 1024);
            byte prev = '\n'; // the head ends with its From line's line end
            int matched = 0;
            long matchAt = -1;
            boolean matchAtLineStart = false;
            for (long pos = from; pos < size; ) {
                buf.clear().limit((int) Math.min(buf.capacity(), size - pos));
                int n = mbox.read(buf, pos);
                if (n <= 0) {
                    break; // shrank meanwhile: nobody else writes under our lock
                }
                byte[] b = buf.array();
                for (int i = 0; i < n; i++) {
                    byte c = b[i];
                    if (matched > 0 && c == FromLine.PREFIX[matched]) {
                        matched++;
                    } else if (c == FromLine.PREFIX[0]) {
                        matched = 1;
                        matchAt = pos + i;
                        matchAtLineStart = prev == '\n';
                    } else {
                        matched = 0;
                    }
                    if (matched == FromLine.PREFIX.length) {
                        if (matchAtLineStart || looksLikeSeparator(matchAt, size)) {
                            return new Foreign(matchAt, matchAtLineStart);
                        }
                        matched = 0;
                    }
                    prev = c;
                }
                pos += n;
            }
            return null;
        }

        /** Whether a {@code From } in the middle of a line starts a dated line followed by a header field (or the end). */
        private boolean looksLikeSeparator(long at, long size) throws IOException {
            byte[] b = read(mbox, at, (int) Math.min(2 * MAX_FROM_LINE, size - at));
            int eol = indexOf(b, (byte) '\n', 0);
            if (eol > MAX_FROM_LINE || (eol < 0 && b.length >= MAX_FROM_LINE)) {
                return false;
            }
            String line = new String(b, 0, eol < 0 ? b.length : eol, StandardCharsets.ISO_8859_1);
            if (FromLine.parseDate(line) == null) {
                return false;
            }
            if (eol < 0) {
                return true; // the file's last line
            }
            int i = eol + 1;
            while (i < b.length && b[i] > 32 && b[i] < 127 && b[i] != ':') {
                i++;
            }
            return i > eol + 1 && i < b.length && b[i] == ':';
        }

        /** Who wrote the journal, for messages. */
        private String writer() {
            if (entry.owner().isEmpty()) {
                return "a mailsync process";
            }
            LockOwner o = entry.owner().get();
            if (o.equals(LockOwner.current())) {
                return "this process";
            }
            return switch (o.state()) {
                case GONE -> o.describe() + ", no longer running";
                case RUNNING -> o.describe() + ", still running but no longer holding the folder's lock";
                case UNKNOWN -> o.describe();
            };
        }

        private StoreException rewrittenSince(String what) {
            return new StoreException("mbox folder " + folder + ": a copy of a message into it was cut short when its writer"
                    + " was stopped (" + writer() + "; see " + journal + ": the copy began at byte " + entry.offset()
                    + " with the line \"" + entry.fromLineText() + "\"), and the file " + what + ": another program has changed it since, so"
                    + " mailsync cannot tell whether a truncated copy of that message is still in it. Look for a truncated"
                    + " message with that From line near the end of " + folder + " and delete it with your mail program if"
                    + " there is one, then remove " + journal + ". Until then mailsync leaves this folder alone.");
        }

        private StoreException ambiguous(long foreignAt, long size) {
            long from = entry.messageStart();
            return new StoreException("mbox folder " + folder + ": a copy of a message into it was cut short when its writer"
                    + " was stopped (" + writer() + "; see " + journal + "), leaving an incomplete copy from byte "
                    + entry.offset() + " on; what looks like another program's message begins at byte " + foreignAt + ", in the middle of a"
                    + " line of that copy, so it may be mail added later or a part of the copy. mailsync does not guess and"
                    + " leaves this folder alone until it is repaired by hand. Keep a copy of the file, and look at the text"
                    + " at byte " + foreignAt + ": if it starts a message of its own, remove the bytes from " + from + " up to (not including) "
                    + foreignAt + ", counting from 0 (FILE being the folder's file, T a scratch file: head -c " + from + " FILE > T; tail -c +"
                    + (foreignAt + 1) + " FILE >> T; cat T > FILE), else truncate the file to its size before"
                    + " the copy (truncate -s " + entry.offset() + " FILE); then remove " + journal + ". The file is "
                    + size + " bytes long now.");
        }
    }

    /** Where another program's mail begins after a partial message, and whether at a line start. */
    private record Foreign(long at, boolean atLineStart) {
    }

    private static byte[] read(FileChannel ch, long pos, int len) throws IOException {
        ByteBuffer b = ByteBuffer.allocate(len);
        while (b.hasRemaining()) {
            if (ch.read(b, pos + b.position()) < 0) {
                break;
            }
        }
        return Arrays.copyOf(b.array(), b.position());
    }

    private static int commonPrefix(byte[] a, byte[] b) {
        int n = Math.min(a.length, b.length);
        int i = 0;
        while (i < n && a[i] == b[i]) {
            i++;
        }
        return i;
    }

    private static int indexOf(byte[] b, byte x, int from) {
        for (int i = from; i < b.length; i++) {
            if (b[i] == x) {
                return i;
            }
        }
        return -1;
    }

    private static boolean startsWith(byte[] b, int at, byte[] prefix) {
        if (b.length - at < prefix.length) {
            return false;
        }
        for (int i = 0; i < prefix.length; i++) {
            if (b[at + i] != prefix[i]) {
                return false;
            }
        }
        return true;
    }
}
