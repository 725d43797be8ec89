package org.mailsync.store.local;

import java.io.BufferedInputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;

/**
 * A message stream with CRLF line ends turned into LF, as it is stored in local folders.
 * Mail arrives from IMAP in CRLF (RFC 3501 section 4.3 literals carry the network form); a
 * local Maildir, mbox or MH folder holds Unix line ends, as the original mailsync (c-client),
 * mbsync, OfflineIMAP and Dovecot all write them, and as mail readers and tools like grep expect.
 * A lone CR is kept. Identities and content digests ignore line ends, so nothing about a
 * message's identity changes.
 */
public final class UnixLineEnds extends FilterInputStream {

    private int pending = -1;

    /** Wraps a message stream. */
    public UnixLineEnds(InputStream in) {
        super(new BufferedInputStream(in, 64 * 1024));
    }

    @Override
    public int read() throws IOException {
        int b;
        if (pending >= 0) {
            b = pending;
            pending = -1;
        } else {
            b = in.read();
        }
        if (b != '\r') {
            return b;
        }
        int next = in.read();
        if (next == '\n') {
            return '\n';
        }
        pending = next; // a lone CR: keep it, and what follows it (-1 at the end of the stream)
        return '\r';
    }

    @Override
    public int read(byte[] buf, int off, int len) throws IOException {
        if (len == 0) {
            return 0;
        }
        int n = 0;
        while (n < len) {
            int b = read();
            if (b < 0) {
                break;
            }
            buf[off + n++] = (byte) b;
        }
        return n == 0 ? -1 : n;
    }

    @Override
    public long skip(long n) throws IOException {
        long skipped = 0;
        while (skipped < n && read() >= 0) {
            skipped++;
        }
        return skipped;
    }

    @Override
    public boolean markSupported() {
        return false;
    }
}
