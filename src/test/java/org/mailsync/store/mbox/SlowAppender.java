package org.mailsync.store.mbox;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Set;

/**
 * A second mailsync process for {@link InterruptedAppendTest}: appends one big message to an
 * mbox folder through {@link MboxFormat}, its body coming fast for a while and then slowly, as
 * from a slow IMAP server, so that a test can catch it half-written and kill it, or read the
 * folder while the copy goes on.
 *
 * <p>Arguments: {@code FOLDER BODY-BYTES FAST-BYTES lines|longline}. The body is
 * {@code BODY-BYTES} long (-1: without end), the first {@code FAST-BYTES} of it at once and the
 * rest at 200 KB/s; {@code lines} makes it lines of 77 bytes, {@code longline} one line without
 * end, so that a kill leaves the file in the middle of a line. Prints {@code done KEY} when the
 * message is stored.
 */
public final class SlowAppender {

    /** The header of the big message; its Message-ID is complete as soon as anything is written. */
    static final String HEADER = "Message-ID: <big@example.org>\nSubject: big\n\n";
    static final Instant DATE = Instant.parse("2020-03-02T10:30:00Z");

    private SlowAppender() {
    }

    public static void main(String[] args) throws Exception {
        Path folder = Path.of(args[0]);
        long body = Long.parseLong(args[1]);
        long fast = Long.parseLong(args[2]);
        boolean lines = args[3].equals("lines");
        String key = new MboxFormat().append(folder, new Slow(body, fast, lines), Set.of(), DATE);
        System.out.println("done " + key);
        System.out.flush();
    }

    /** The message: {@link #HEADER}, then the body, slowly after its first part. */
    private static final class Slow extends InputStream {
        private final byte[] header = HEADER.getBytes(StandardCharsets.US_ASCII);
        private final long body;
        private final long fast;
        private final boolean lines;
        private long pos; // in the whole message

        Slow(long body, long fast, boolean lines) {
            this.body = body;
            this.fast = fast;
            this.lines = lines;
        }

        @Override
        public int read() throws IOException {
            byte[] one = new byte[1];
            return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            long total = body < 0 ? Long.MAX_VALUE : header.length + body;
            if (pos >= total) {
                return -1;
            }
            int n = (int) Math.min(len, Math.min(total - pos, 4096));
            if (pos - header.length >= fast) {
                try {
                    Thread.sleep(20);
                } catch (InterruptedException e) {
                    throw new IOException(e);
                }
            }
            for (int i = 0; i < n; i++, pos++) {
                if (pos < header.length) {
                    b[off + i] = header[(int) pos];
                } else {
                    long at = pos - header.length;
                    boolean last = body >= 0 && at == body - 1;
                    b[off + i] = (byte) ((lines && at % 77 == 76) || (lines && last) ? '\n' : 'a' + (int) (at % 26));
                }
            }
            return n;
        }
    }
}
