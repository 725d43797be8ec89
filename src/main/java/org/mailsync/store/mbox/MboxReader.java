package org.mailsync.store.mbox;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import java.util.zip.CRC32;

/**
 * Splits an mbox file into messages in one streaming pass, never holding more than a buffer
 * and one header block, so files beyond 2 GiB work (offsets are {@code long}).
 *
 * <p>A message starts at a line beginning {@code From } that starts the file or follows an
 * empty line (RFC 4155 appendix A; Qmail mbox(5)) and looks like a separator (see
 * {@code isSeparator}): it carries a date, or is a one-word dateless line followed by a header
 * field. That keeps body lines such as {@code From Russia with love} inside their message, as
 * in unescaped mboxo files (MimeKit's {@code unmunged.mbox.txt}, where even a header-like
 * {@code Year: 1963} follows), while bare {@code From } and Mozilla's {@code From - }
 * separators, which have no date, are still found. Netscape wrote no empty line before its
 * separators; those are accepted too when dated or {@code From -} and followed by a header.
 * The empty line before a separator belongs to neither message. A UTF-8 byte order mark before
 * the first {@code From } is skipped and kept.
 *
 * <p>{@code Content-Length:} fields are ignored, as RFC 4155 advises: they are not updated by
 * programs that edit messages or convert line ends, and real files carry wrong ones (4 of the 29
 * messages in MimeKit's {@code content-length.mbox.txt}); trusting one would cut a message
 * short or swallow the next.
 */
public final class MboxReader {

    /** Header bytes kept per message; a header block beyond this is truncated in the index. */
    public static final int MAX_HEADER = 1024 * 1024;

    /** The longest line still taken for a separator; real ones are under 200 bytes. */
    private static final int MAX_FROM_LINE = 1000;

    private static final byte[] BOM = {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF};

    private MboxReader() {
    }

    /** Every message of the stream (a whole mbox file from its first byte), in file order. */
    public static List<MboxMessage> readAll(InputStream file) throws IOException {
        List<MboxMessage> all = new ArrayList<>();
        scan(file, all::add);
        return all;
    }

    /** Hands each message of the stream to {@code sink} as soon as its end is known. */
    public static void scan(InputStream file, Consumer<MboxMessage> sink) throws IOException {
        new Scan(new LineCursor(file, 0), sink).run();
    }

    /**
     * Goes on reading a file from a message boundary found by an earlier reading, handing each
     * message from there on to {@code sink} exactly as {@link #scan} of the whole file would:
     * how a line is taken depends on nothing before it but whether the line just before is
     * empty, and nothing before it depends on what comes after it (a {@code From } line looks
     * at most at the next line's field name, and a boundary's own {@code From } line ends that
     * name). That is what lets an index read only what was appended to a file.
     *
     * @param rest       the file's bytes from {@code offset} on
     * @param offset     the offset of a line start inside the file, not its first line
     * @param afterBlank whether the line before {@code offset} is empty
     * @return false, having handed over nothing, if a reading of the whole file would not start
     *         a message at {@code offset}
     */
    static boolean scanFrom(InputStream rest, long offset, boolean afterBlank, Consumer<MboxMessage> sink) throws IOException {
        return new Scan(new LineCursor(rest, offset), sink).resume(afterBlank);
    }

    /** Whether these first bytes of a file start an mbox: {@code From }, maybe after a UTF-8 BOM. */
    static boolean startsMbox(byte[] first, int n) {
        int at = hasBom(first, n) ? 3 : 0;
        if (n - at < 5) {
            return false;
        }
        for (int i = 0; i < 5; i++) {
            if (first[at + i] != FromLine.PREFIX[i]) {
                return false;
            }
        }
        return true;
    }

    private static boolean hasBom(byte[] b, int n) {
        return n >= 3 && b[0] == BOM[0] && b[1] == BOM[1] && b[2] == BOM[2];
    }

    /** One pass over one file. */
    private static final class Scan {
        private final LineCursor in;
        private final Consumer<MboxMessage> sink;
        private final byte[] peek = new byte[LineCursor.CAPACITY];
        private final CRC32 crc = new CRC32();
        private final ByteArrayOutputStream header = new ByteArrayOutputStream();

        private boolean open;
        private long fromOffset;
        private long contentOffset;
        private String fromLine;
        private boolean inHeader;
        /** An empty line not yet known to be message content or a separator. */
        private byte[] pendingBlank;
        private long pendingOffset;
        private boolean prevBlank;

        Scan(LineCursor in, Consumer<MboxMessage> sink) {
            this.in = in;
            this.sink = sink;
        }

        void run() throws IOException {
            int n = in.peek(peek, 3);
            if (hasBom(peek, n)) {
                in.skip(3);
            }
            read(true);
        }

        /** Starts at a line after the first, with a message open before it, as {@link #run} reaches it. */
        boolean resume(boolean afterBlank) throws IOException {
            int n = in.peek(peek, 6);
            // The test read() applies to a line while a message is open; that message, the one
            // before, is not handed on.
            if (!(n >= 5 && MboxrdQuoting.quoteDepth(peek, n) == 0 && isSeparator(afterBlank))) {
                return false;
            }
            startMessage(in.position());
            read(false);
            return true;
        }

        private void read(boolean first) throws IOException {
            int n;
            while (!in.atEnd()) {
                long lineOffset = in.position();
                n = in.peek(peek, 6);
                if (n >= 5 && MboxrdQuoting.quoteDepth(peek, n) == 0 && (first || (open && isSeparator(prevBlank)))) {
                    finish(pendingBlank != null ? pendingOffset : lineOffset, lineOffset);
                    startMessage(lineOffset);
                } else if (!open) {
                    in.readLine(null, null, 0); // not an mbox: nothing before a first From line is mail
                } else {
                    flushPending();
                    if (MboxrdQuoting.isBlank(peek, n)) {
                        pendingOffset = lineOffset;
                        ByteArrayOutputStream b = new ByteArrayOutputStream(2);
                        in.readLine(null, b, 2);
                        pendingBlank = b.toByteArray();
                        prevBlank = true;
                        continue;
                    }
                    in.readLine(crc, inHeader ? header : null, MAX_HEADER - header.size());
                }
                prevBlank = false;
                first = false;
            }
            long end = in.position();
            finish(pendingBlank != null ? pendingOffset : end, end);
        }

        /** Feeds a held empty line to the current message: it was content, not a separator. */
        private void flushPending() {
            if (pendingBlank == null) {
                return;
            }
            crc.update(pendingBlank);
            if (inHeader) {
                inHeader = false; // the empty line that ends the header block
            }
            pendingBlank = null;
        }

        /**
         * Decides on a {@code From } line inside the file, looking at it and the line after.
         * After an empty line it must carry a date, or be dateless with at most one word
         * ({@code From -}, {@code From }, {@code From 1844347792267117879@xxx}) and be followed by
         * a header field. Without the empty line before it (Netscape and MimeKit test files
         * omit it) it must be followed by a header field and carry a date or be Mozilla's
         * {@code From -}; a header line such as SpamAssassin's {@code From  :<a@b>} is neither.
         */
        private boolean isSeparator(boolean afterBlank) throws IOException {
            int n = in.peek(peek, 2 * MAX_FROM_LINE);
            int eol = indexOf(peek, n, (byte) '\n');
            if (eol < 0 || eol > MAX_FROM_LINE) {
                // a last line without line end: only a dated one is a (bodiless) message
                return afterBlank && n < 2 * MAX_FROM_LINE && eol < 0 && FromLine.parseDate(text(peek, n)) != null;
            }
            String line = text(peek, eol);
            boolean dated = FromLine.parseDate(line) != null;
            boolean header = isHeaderField(peek, eol + 1, n);
            String rest = line.substring(5).strip();
            if (afterBlank) {
                return dated || (header && rest.indexOf(' ') < 0 && rest.indexOf('\t') < 0);
            }
            return header && (dated || rest.equals("-"));
        }

        private void startMessage(long lineOffset) throws IOException {
            open = true;
            fromOffset = lineOffset;
            crc.reset();
            header.reset();
            ByteArrayOutputStream line = new ByteArrayOutputStream();
            in.readLine(crc, line, MAX_FROM_LINE);
            fromLine = stripEol(line.toString(StandardCharsets.ISO_8859_1));
            contentOffset = in.position();
            inHeader = true;
            pendingBlank = null;
        }

        private void finish(long contentEnd, long extentEnd) {
            if (!open) {
                return;
            }
            byte[] raw = header.toByteArray();
            sink.accept(new MboxMessage(fromOffset, contentOffset, contentEnd, extentEnd, crc.getValue(), fromLine, raw,
                    StatusHeaders.parse(raw), FromLine.parseDate(fromLine), StatusHeaders.keywords(raw)));
            open = false;
            pendingBlank = null;
        }

        private static boolean isHeaderField(byte[] b, int start, int n) {
            // RFC 5322 section 2.2: field-name is printable US-ASCII except colon, then ':'.
            int i = start;
            while (i < n && b[i] > 32 && b[i] < 127 && b[i] != ':') {
                i++;
            }
            return i > start && i < n && b[i] == ':';
        }

        private static int indexOf(byte[] b, int n, byte x) {
            for (int i = 0; i < n; i++) {
                if (b[i] == x) {
                    return i;
                }
            }
            return -1;
        }

        private static String text(byte[] b, int n) {
            return stripEol(new String(b, 0, n, StandardCharsets.ISO_8859_1));
        }

        private static String stripEol(String s) {
            int end = s.length();
            while (end > 0 && (s.charAt(end - 1) == '\n' || s.charAt(end - 1) == '\r')) {
                end--;
            }
            return s.substring(0, end);
        }
    }
}
