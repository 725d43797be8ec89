package org.mailsync.store.imap;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Date;

import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.internet.MimeMessage;

/**
 * A message to APPEND whose bytes go to the server exactly as given: jakarta.mail never parses,
 * re-encodes or reorders its headers, because {@link #writeTo(OutputStream, String[])} copies
 * the spooled input. Angus' APPEND wraps the output in a CRLF-converting stream, so LF line
 * ends become CRLF on the wire, as RFC 3501 section 6.3.11 requires; nothing else changes.
 *
 * <p>The input is spooled because Angus writes a message twice when it is larger than
 * {@code mail.imap.appendbuffersize} (once to count the literal's length, once to send it),
 * and a caller's stream can be read only once. Small messages stay in memory; larger ones go
 * to a temporary file so that a big message is never held in the heap twice.
 */
final class VerbatimMessage extends MimeMessage implements AutoCloseable {

    /** Messages up to this size are kept in memory. */
    static final int IN_MEMORY_LIMIT = 1 << 20;

    private final byte[] bytes;
    private final Path file;
    private final long length;
    private final Date receivedDate;

    VerbatimMessage(Session session, InputStream in, Date receivedDate) throws IOException {
        super(session);
        this.receivedDate = receivedDate;
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        byte[] buf = new byte[64 * 1024];
        int n;
        long total = 0;
        Path spill = null;
        OutputStream out = head;
        try {
            while ((n = in.read(buf)) > 0) {
                total += n;
                if (spill == null && total > IN_MEMORY_LIMIT) {
                    spill = Files.createTempFile("mailsync-append-", ".eml");
                    out = Files.newOutputStream(spill);
                    head.writeTo(out);
                }
                out.write(buf, 0, n);
            }
        } catch (IOException | RuntimeException e) {
            if (spill != null) {
                out.close();
                Files.deleteIfExists(spill);
            }
            throw e;
        }
        if (spill != null) {
            out.close();
        }
        this.file = spill;
        this.bytes = spill == null ? head.toByteArray() : null;
        this.length = total;
    }

    /** The number of bytes as given (before CRLF conversion). */
    long length() {
        return length;
    }

    @Override
    public void writeTo(OutputStream os) throws IOException {
        if (file == null) {
            os.write(bytes);
        } else {
            try (InputStream in = Files.newInputStream(file)) {
                in.transferTo(os);
            }
        }
    }

    @Override
    public void writeTo(OutputStream os, String[] ignoreList) throws IOException {
        writeTo(os);
    }

    /** Becomes the APPEND date-time argument (the INTERNALDATE), or none when null. */
    @Override
    public Date getReceivedDate() {
        return receivedDate;
    }

    /**
     * Null so that Angus does not fall back to a Date header: a message without a known
     * internal date gets the server's arrival time, as RFC 3501 section 6.3.11 specifies.
     */
    @Override
    public Date getSentDate() {
        return null;
    }

    @Override
    public void saveChanges() throws MessagingException {
        // Nothing to update: the bytes are sent as given.
    }

    @Override
    public void close() throws IOException {
        if (file != null) {
            Files.deleteIfExists(file);
        }
    }
}
