package org.mailsync.store.mbox;

import java.io.IOException;
import java.io.InputStream;

/**
 * Turns a message as stored in an mbox file (its content after the {@code From } line) back
 * into the message: one {@code >} is removed from every line matching {@code ^>+From }
 * (mboxrd, see {@link MboxrdQuoting}), and the {@code Status:}/{@code X-Status:} fields of the
 * header block are dropped, being the file's flag storage ({@link StatusHeaders}). Everything
 * else, line ends included, passes through unchanged. Streams: lines are never held whole.
 */
final class StoredMessageInputStream extends InputStream {

    /** How far into a line we look to classify it; a longer run of {@code >} stays as is. */
    private static final int LOOK = 1024;

    private final InputStream source;
    private final LineCursor cursor;
    private final byte[] head = new byte[LOOK];
    private boolean lineStart = true;
    private boolean inHeader = true;
    private boolean droppingField;

    StoredMessageInputStream(InputStream stored) {
        this.source = stored;
        this.cursor = new LineCursor(stored, 0);
    }

    @Override
    public int read() throws IOException {
        byte[] one = new byte[1];
        int n;
        while ((n = read(one, 0, 1)) == 0) {
            // a dropped line yields no byte; go on
        }
        return n < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        if (len == 0) {
            return 0;
        }
        while (lineStart) {
            int n = cursor.peek(head, LOOK);
            if (n == 0) {
                return -1;
            }
            if (inHeader && droppingField && (head[0] == ' ' || head[0] == '\t')) {
                cursor.readLine(null, null, 0); // a continuation of a dropped field
                continue;
            }
            droppingField = false;
            if (inHeader && MboxrdQuoting.isBlank(head, n)) {
                inHeader = false;
            } else if (inHeader && StatusHeaders.isStatusField(head, n)) {
                droppingField = true;
                cursor.readLine(null, null, 0);
                continue;
            }
            if (MboxrdQuoting.quoteDepth(head, n) > 0) {
                cursor.skip(1);
            }
            lineStart = false;
        }
        int n = cursor.readInLine(b, off, len);
        if (n > 0 && b[off + n - 1] == '\n') {
            lineStart = true;
        }
        return n;
    }

    @Override
    public void close() throws IOException {
        source.close();
    }
}
