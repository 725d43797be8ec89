package org.mailsync.store.mbox;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.zip.Checksum;

/**
 * A forward-only, buffered view of a byte stream as lines, keeping the byte offset of every
 * position as a {@code long}. mbox parsing only ever needs the first few bytes of a line to
 * decide what it is; the rest of a line, however long, streams through without being held.
 */
final class LineCursor {

    /** The most a caller may {@link #peek} at once; also the read buffer's size. */
    static final int CAPACITY = 64 * 1024;

    private final InputStream in;
    private final byte[] buf = new byte[CAPACITY];
    private int pos;
    private int lim;
    private long offset;
    private boolean eof;

    LineCursor(InputStream in, long startOffset) {
        this.in = in;
        this.offset = startOffset;
    }

    /** The offset of the next unread byte. */
    long position() {
        return offset;
    }

    boolean atEnd() throws IOException {
        return !ensure(1);
    }

    /** Copies up to {@code max} upcoming bytes (across lines) without consuming them. */
    int peek(byte[] dst, int max) throws IOException {
        int n = Math.min(max, CAPACITY);
        ensure(n);
        n = Math.min(n, lim - pos);
        System.arraycopy(buf, pos, dst, 0, n);
        return n;
    }

    /** Consumes {@code n} bytes that a {@link #peek} has shown to be there. */
    void skip(int n) {
        pos += n;
        offset += n;
    }

    /**
     * Consumes the rest of the current line, through its {@code \n} or to the end of input,
     * feeding every byte to {@code sum} and the first {@code captureMax} bytes to {@code capture}
     * (either may be null).
     *
     * @return the number of bytes consumed
     */
    long readLine(Checksum sum, OutputStream capture, int captureMax) throws IOException {
        long total = 0;
        while (ensure(1)) {
            int end = pos;
            while (end < lim && buf[end] != '\n') {
                end++;
            }
            boolean found = end < lim;
            int n = (found ? end + 1 : end) - pos;
            if (sum != null) {
                sum.update(buf, pos, n);
            }
            if (capture != null && total < captureMax) {
                capture.write(buf, pos, (int) Math.min(n, captureMax - total));
            }
            skip(n);
            total += n;
            if (found) {
                break;
            }
        }
        return total;
    }

    /**
     * Reads up to {@code len} bytes but never past the end of the current line.
     *
     * @return the count, or -1 at the end of input
     */
    int readInLine(byte[] dst, int off, int len) throws IOException {
        if (!ensure(1)) {
            return -1;
        }
        int end = pos;
        int max = Math.min(lim, pos + len);
        while (end < max && buf[end++] != '\n') {
            // scan to and including the line end
        }
        int n = end - pos;
        System.arraycopy(buf, pos, dst, off, n);
        skip(n);
        return n;
    }

    /** Tries to buffer {@code n} bytes; true if at least one is there. */
    private boolean ensure(int n) throws IOException {
        if (lim - pos >= n) {
            return true;
        }
        if (!eof) {
            if (pos > 0) {
                System.arraycopy(buf, pos, buf, 0, lim - pos);
                lim -= pos;
                pos = 0;
            }
            while (lim < n && !eof) {
                int r = in.read(buf, lim, buf.length - lim);
                if (r < 0) {
                    eof = true;
                } else {
                    lim += r;
                }
            }
        }
        return lim > pos;
    }
}
