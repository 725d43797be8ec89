package org.mailsync.identity;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Locale;

/**
 * A SHA-256 digest of a whole message with its line ends normalised, computed as the bytes
 * stream past, so a large message is never held in memory.
 *
 * <p>CRLF and a lone CR both count as LF: an IMAP server hands out CRLF, a Maildir or mbox file
 * usually holds LF, and the same message must digest the same on both sides (SEMANTICS.md,
 * "duplicate Message-ID": identical content is judged "ignoring line endings"). Two more things
 * a mail store may change without changing the message are left out, so that a message keeps
 * its digest (and, without a Message-ID, its {@code auto} identity) through every store:
 * {@code Status:}, {@code X-Status:} and {@code X-Keywords:} header fields, where mbox keeps a
 * message's flags and keywords (and hides them from readers, as Dovecot does), and a
 * missing line end after the last line, which mbox must add. Nothing else is normalised; the
 * caller passes the message as stored (for mbox without the {@code From } line and with
 * {@code >From} quoting undone).
 *
 * <p>Use {@link #of(InputStream)} or {@link #of(byte[])}, or feed chunks to an instance with
 * {@link #update(byte[], int, int)} and finish with {@link #hex()}. An instance is not
 * thread-safe and takes no more input once {@link #hex()} was called.
 */
public final class ContentDigest {

    private static final int BUFFER = 64 * 1024;

    private final MessageDigest sha256;
    private final byte[] out = new byte[BUFFER];
    private boolean pendingCr;
    private String result;
    /** Still in the header block: fields are held until their end to drop the mbox status fields. */
    private boolean inHeader = true;
    /** The current header field, with its continuation lines, not yet digested. */
    private final ByteArrayOutputStream field = new ByteArrayOutputStream();
    /** The current header line so far (to see whether it is a continuation or the blank line). */
    private int lineLength;
    private byte lastDigested = '\n';
    private boolean anyDigested;

    /** Starts an empty digest. */
    public ContentDigest() {
        try {
            sha256 = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java platform has SHA-256", e);
        }
    }

    /** Digests a whole stream (read to its end, not closed) and returns lower-case hex. */
    public static String of(InputStream in) throws IOException {
        ContentDigest digest = new ContentDigest();
        byte[] buf = new byte[BUFFER];
        int n;
        while ((n = in.read(buf)) != -1) {
            digest.update(buf, 0, n);
        }
        return digest.hex();
    }

    /** Digests a message held in memory and returns lower-case hex. */
    public static String of(byte[] message) {
        ContentDigest digest = new ContentDigest();
        digest.update(message, 0, message.length);
        return digest.hex();
    }

    /** Feeds the next chunk of the message. */
    public ContentDigest update(byte[] data, int offset, int length) {
        if (result != null) {
            throw new IllegalStateException("digest already finished");
        }
        int o = 0;
        for (int i = offset; i < offset + length; i++) {
            byte b = data[i];
            if (pendingCr) {
                // The CR is emitted as LF; an LF right after it is then the second half of CRLF.
                pendingCr = false;
                out[o++] = '\n';
                if (b == '\n') {
                    o = flushIfFull(o);
                    continue;
                }
                o = flushIfFull(o);
            }
            if (b == '\r') {
                pendingCr = true; // decided by the next byte, which may be in the next chunk
            } else {
                out[o++] = b;
                o = flushIfFull(o);
            }
        }
        emit(out, 0, o);
        return this;
    }

    /** Passes normalised bytes on: held per field while in the header, straight through after. */
    private void emit(byte[] data, int offset, int length) {
        int i = offset;
        int end = offset + length;
        while (inHeader && i < end) {
            byte b = data[i++];
            if (lineLength == 0 && b != ' ' && b != '\t') {
                // A line that is not a continuation ends the field before it.
                flushField();
                if (b == '\n') {
                    inHeader = false;
                    digest(new byte[] {'\n'}, 0, 1);
                    continue;
                }
            }
            field.write(b);
            lineLength = b == '\n' ? 0 : lineLength + 1;
        }
        if (i < end) {
            digest(data, i, end - i);
        }
    }

    private void flushField() {
        if (field.size() > 0) {
            byte[] f = field.toByteArray();
            field.reset();
            if (!isStatusField(f)) {
                digest(f, 0, f.length);
            }
        }
    }

    private static boolean isStatusField(byte[] f) {
        String start = new String(f, 0, Math.min(f.length, 11), StandardCharsets.ISO_8859_1)
                .toLowerCase(Locale.ROOT);
        return start.startsWith("status:") || start.startsWith("x-status:") || start.startsWith("x-keywords:");
    }

    private void digest(byte[] data, int offset, int length) {
        if (length > 0) {
            sha256.update(data, offset, length);
            lastDigested = data[offset + length - 1];
            anyDigested = true;
        }
    }

    /** Finishes the digest and returns it as 64 lower-case hex digits. */
    public String hex() {
        if (result == null) {
            if (pendingCr) {
                emit(new byte[] {'\n'}, 0, 1); // a message ending in a lone CR
                pendingCr = false;
            }
            flushField(); // a message that is all header
            if (anyDigested && lastDigested != '\n') {
                digest(new byte[] {'\n'}, 0, 1);
            }
            result = HexFormat.of().formatHex(sha256.digest());
        }
        return result;
    }

    private int flushIfFull(int o) {
        if (o == out.length) {
            emit(out, 0, o);
            return 0;
        }
        return o;
    }
}
