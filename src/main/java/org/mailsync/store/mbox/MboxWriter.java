package org.mailsync.store.mbox;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Set;
import java.util.zip.CRC32;

import org.mailsync.store.Flag;

/**
 * Appends one message to the end of an mbox file in mboxrd form (Qmail mbox(5); RFC 4155
 * appendix A): a {@code From } line, the message with every {@code ^>*From } line quoted by one
 * more {@code >}, and one empty line. Earlier bytes of the file are never rewritten; if the file
 * does not yet end in an empty line, one is added first so the new {@code From } line is a
 * boundary (the previous message's content, and so its key, stay as they were).
 *
 * <p>Line ends: the message keeps its own (a CRLF message stays CRLF inside the file, so its
 * bytes and any signature survive). The {@code From } line, the added Status fields and the
 * closing empty line use the line end of the message's first line, so a CRLF message forms a
 * consistent CRLF block. Any Status/X-Status/X-Keywords fields the message brings are replaced by
 * ones for the given flags and keywords (see {@link StatusHeaders}), at the end of the header block.
 *
 * <p>The caller holds the folder's lock; on failure the caller truncates the file back, and so
 * that a kill half-way can be undone too, it records the append first ({@link AppendJournal}).
 */
public final class MboxWriter {

    private static final int LOOK = 1024;

    private MboxWriter() {
    }

    /**
     * Writes the message at the end of the channel's file and forces it to disk, telling
     * {@code beforeWrite} first where it goes and what its first bytes are (for the caller's
     * {@link AppendJournal}: there is no append without one).
     *
     * @return the new message's key
     */
    static MboxKey append(FileChannel file, InputStream message, Set<Flag> flags, Instant internalDate,
            BeforeWrite beforeWrite) throws IOException {
        return append(file, message, flags, Set.of(), internalDate, beforeWrite);
    }

    /** As {@link #append(FileChannel, InputStream, Set, Instant, BeforeWrite)}, with the message's keywords. */
    static MboxKey append(FileChannel file, InputStream message, Set<Flag> flags, Set<String> keywords, Instant internalDate,
            BeforeWrite beforeWrite) throws IOException {
        long size = file.size();
        byte[] boundary = boundaryNeeded(file, size);
        long fromOffset = size + boundary.length;

        LineCursor in = new LineCursor(message, 0);
        byte[] head = new byte[LOOK];
        int n = in.peek(head, LOOK);
        String eol = firstLineEnd(head, n);
        byte[] fromLine = (FromLine.format(internalDate) + eol).getBytes(StandardCharsets.US_ASCII);
        beforeWrite.starting(size, boundary, fromLine);

        CRC32 crc = new CRC32();
        CountingOutputStream counted = new CountingOutputStream(
                new BufferedOutputStream(Channels.newOutputStream(file.position(size)), 64 * 1024), crc);
        counted.writeUnchecked(boundary);
        counted.startRegion();
        counted.write(fromLine);

        byte[] status = StatusHeaders.format(flags, keywords, eol);
        boolean inHeader = true;
        boolean dropping = false;
        boolean endedWithEol = true;
        byte[] chunk = new byte[64 * 1024];
        while ((n = in.peek(head, LOOK)) > 0) {
            if (inHeader && dropping && (head[0] == ' ' || head[0] == '\t')) {
                in.readLine(null, null, 0);
                continue;
            }
            dropping = false;
            if (inHeader && MboxrdQuoting.isBlank(head, n)) {
                counted.write(status);
                inHeader = false;
            } else if (inHeader && StatusHeaders.isStatusField(head, n)) {
                dropping = true;
                in.readLine(null, null, 0);
                continue;
            }
            if (MboxrdQuoting.quoteDepth(head, n) >= 0) {
                counted.write('>'); // mboxrd: quote ^>*From lines, in the header too
            }
            int r;
            byte last = 0;
            while ((r = in.readInLine(chunk, 0, chunk.length)) > 0) {
                counted.write(chunk, 0, r);
                last = chunk[r - 1];
                if (last == '\n') {
                    break;
                }
            }
            endedWithEol = last == '\n';
        }
        byte[] eolBytes = eol.getBytes(StandardCharsets.US_ASCII);
        if (!endedWithEol) {
            counted.write(eolBytes);
        }
        if (inHeader) {
            counted.write(status); // a message without body: its fields go last
        }
        long length = counted.regionLength();
        counted.writeUnchecked(eolBytes); // the empty line that ends every mbox message
        counted.flush();
        file.force(true);
        return new MboxKey(fromOffset, length, crc.getValue());
    }

    /** Told, before anything is written, what an append is about to write and where. */
    @FunctionalInterface
    interface BeforeWrite {
        /**
         * @param offset   the file's size, where the append's first byte goes
         * @param boundary what it writes first: the empty line the file needs before a
         *                 {@code From } line, if any
         * @param fromLine the {@code From } line it writes next, line end included
         */
        void starting(long offset, byte[] boundary, byte[] fromLine) throws IOException;
    }

    /** What to write before the next {@code From } line so that it follows an empty line. */
    static byte[] boundaryNeeded(FileChannel file, long size) throws IOException {
        if (size == 0) {
            return new byte[0];
        }
        int n = (int) Math.min(4, size);
        ByteBuffer tail = ByteBuffer.allocate(n);
        while (tail.hasRemaining() && file.read(tail, size - n + tail.position()) >= 0) {
            // positional reads until full
        }
        String t = new String(tail.array(), StandardCharsets.ISO_8859_1);
        if (t.endsWith("\n\n") || t.endsWith("\n\r\n")) {
            return new byte[0];
        }
        if (t.endsWith("\r\n")) {
            return "\r\n".getBytes(StandardCharsets.US_ASCII);
        }
        if (t.endsWith("\n")) {
            return "\n".getBytes(StandardCharsets.US_ASCII);
        }
        return "\n\n".getBytes(StandardCharsets.US_ASCII);
    }

    private static String firstLineEnd(byte[] head, int n) {
        for (int i = 0; i < n; i++) {
            if (head[i] == '\n') {
                return i > 0 && head[i - 1] == '\r' ? "\r\n" : "\n";
            }
        }
        return "\n";
    }

    /** Counts and checksums what is written from the start of the message's region. */
    private static final class CountingOutputStream extends OutputStream {
        private final OutputStream out;
        private final CRC32 crc;
        private long count;

        CountingOutputStream(OutputStream out, CRC32 crc) {
            this.out = out;
            this.crc = crc;
        }

        void startRegion() {
            count = 0;
            crc.reset();
        }

        long regionLength() {
            return count;
        }

        /** Writes bytes outside the key's region (boundary, closing empty line). */
        void writeUnchecked(byte[] b) throws IOException {
            out.write(b);
        }

        @Override
        public void write(int b) throws IOException {
            out.write(b);
            crc.update(b);
            count++;
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            out.write(b, off, len);
            crc.update(b, off, len);
            count += len;
        }

        @Override
        public void flush() throws IOException {
            out.flush();
        }
    }
}
