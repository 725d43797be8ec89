package org.mailsync.identity;

import java.io.IOException;
import java.io.InputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * A SHA-256 digest of a whole message with its line ends normalised, computed as the bytes
 * stream past, so a large message is never held in memory.
 *
 * <p>CRLF and a lone CR both count as LF: an IMAP server hands out CRLF, a Maildir or mbox file
 * usually holds LF, and the same message must digest the same on both sides (SEMANTICS.md,
 * "duplicate Message-ID": identical content is judged "ignoring line endings"). Nothing else is
 * normalised; the caller passes the message as stored (for mbox without the {@code From } line
 * and with {@code >From} quoting undone).
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
        sha256.update(out, 0, o);
        return this;
    }

    /** Finishes the digest and returns it as 64 lower-case hex digits. */
    public String hex() {
        if (result == null) {
            if (pendingCr) {
                sha256.update((byte) '\n'); // a message ending in a lone CR
                pendingCr = false;
            }
            result = HexFormat.of().formatHex(sha256.digest());
        }
        return result;
    }

    private int flushIfFull(int o) {
        if (o == out.length) {
            sha256.update(out, 0, o);
            return 0;
        }
        return o;
    }
}
