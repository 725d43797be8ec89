package org.mailsync.mail;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The header fields of one message, parsed from raw bytes without any decoding.
 *
 * <p>Bytes are read as ISO-8859-1 so every byte maps to exactly one char and back: identities
 * computed from a field are the same whichever store supplied the bytes, 8-bit junk included.
 * Values are unfolded (RFC 5322 section 2.2.3: a line break followed by whitespace is removed,
 * the whitespace kept) but otherwise raw: no trimming, no RFC 2047 decoding, no comment removal.
 * Both LF and CRLF line ends are accepted. Parsing stops at the first empty line, so a whole
 * message may be passed. Lines that are not fields (a stray mbox {@code From } line, garbage,
 * a continuation line with no field before it) are ignored, because one malformed line must not
 * cost the identity of the whole message.
 */
public final class HeaderBlock {

    /** Upper bound for {@link #readHeaderBytes(InputStream)}: no sane header block is larger. */
    public static final int DEFAULT_LIMIT = 1 << 20;

    /**
     * One header field.
     *
     * @param name  the field name as written (case preserved, whitespace before the colon removed)
     * @param value the unfolded raw value: everything after the colon, line breaks of folding removed
     */
    public record Field(String name, String value) {
    }

    private final List<Field> fields;

    private HeaderBlock(List<Field> fields) {
        this.fields = List.copyOf(fields);
    }

    /** Parses a header block (or a whole message, of which only the header is read). */
    public static HeaderBlock parse(byte[] raw) {
        String text = new String(raw, StandardCharsets.ISO_8859_1);
        List<Field> fields = new ArrayList<>();
        String name = null;
        StringBuilder value = null;
        int pos = 0;
        int len = text.length();
        while (pos < len) {
            int nl = text.indexOf('\n', pos);
            int end = nl < 0 ? len : nl;
            int next = nl < 0 ? len : nl + 1;
            // A CR before the LF belongs to the line end, not to the value (CRLF and LF headers
            // must give the same fields).
            int lineEnd = end > pos && text.charAt(end - 1) == '\r' ? end - 1 : end;
            String line = text.substring(pos, lineEnd);
            pos = next;
            if (line.isEmpty()) {
                break; // end of the header block
            }
            char c0 = line.charAt(0);
            if (c0 == ' ' || c0 == '\t') {
                if (value != null) {
                    value.append(line); // unfolding: drop the line break, keep the whitespace
                }
                continue;
            }
            if (name != null) {
                fields.add(new Field(name, value.toString()));
                name = null;
                value = null;
            }
            int colon = line.indexOf(':');
            if (colon <= 0) {
                continue; // not a field
            }
            String candidate = stripTrailingWsp(line.substring(0, colon));
            if (!isFieldName(candidate)) {
                continue; // e.g. "From sender Thu Nov 26 13:00:00 2026"
            }
            name = candidate;
            value = new StringBuilder(line.substring(colon + 1));
        }
        if (name != null) {
            fields.add(new Field(name, value.toString()));
        }
        return new HeaderBlock(fields);
    }

    /** The fields every identity mode and the report read; {@link #essentials} keeps only these. */
    public static final List<String> ESSENTIAL_FIELDS = List.of("Message-ID", "Date", "Subject", "From", "To");

    /**
     * The lines of a header block that belong to the {@linkplain #ESSENTIAL_FIELDS essential
     * fields}, byte for byte (folding and line ends kept), in their order, and nothing else:
     * what an index keeps of a message. {@code parse(essentials(raw))} has the same
     * Message-ID, Date, Subject, From and To fields as {@code parse(raw)}, so identities and
     * report columns do not change, while an index of 100,000 messages holds a fraction of
     * their headers.
     */
    public static byte[] essentials(byte[] raw) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(Math.min(raw.length, 512));
        boolean keeping = false;
        int pos = 0;
        while (pos < raw.length) {
            int end = pos;
            while (end < raw.length && raw[end] != '\n') {
                end++;
            }
            int next = end < raw.length ? end + 1 : end;
            int lineEnd = end > pos && raw[end - 1] == '\r' ? end - 1 : end;
            if (lineEnd == pos) {
                break; // the empty line that ends the header
            }
            byte c0 = raw[pos];
            if (c0 == ' ' || c0 == '\t') {
                if (keeping) {
                    out.write(raw, pos, next - pos);
                }
            } else {
                keeping = isEssentialFieldLine(raw, pos, lineEnd);
                if (keeping) {
                    out.write(raw, pos, next - pos);
                }
            }
            pos = next;
        }
        return out.toByteArray();
    }

    private static boolean isEssentialFieldLine(byte[] raw, int from, int to) {
        int colon = -1;
        for (int i = from; i < to; i++) {
            if (raw[i] == ':') {
                colon = i;
                break;
            }
        }
        if (colon <= from) {
            return false;
        }
        String candidate = stripTrailingWsp(new String(raw, from, colon - from, StandardCharsets.ISO_8859_1));
        if (!isFieldName(candidate)) {
            return false;
        }
        for (String name : ESSENTIAL_FIELDS) {
            if (name.equalsIgnoreCase(candidate)) {
                return true;
            }
        }
        return false;
    }

    /**
     * Reads a message's header block from a stream: every byte up to and including the empty
     * line that ends it (or the end of the stream), but at most {@link #DEFAULT_LIMIT} bytes.
     * The stream is left positioned after what was read.
     */
    public static byte[] readHeaderBytes(InputStream in) throws IOException {
        return readHeaderBytes(in, DEFAULT_LIMIT);
    }

    /** As {@link #readHeaderBytes(InputStream)} with an explicit bound in bytes. */
    public static byte[] readHeaderBytes(InputStream in, int limit) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream(4096);
        // Bytes of the current line other than CR: 0 at an LF means the line was empty
        // ("\n" or "\r\n"), which ends the header, as in parse().
        int lineContent = 0;
        int b;
        while (out.size() < limit && (b = in.read()) != -1) {
            out.write(b);
            if (b == '\n') {
                if (lineContent == 0) {
                    break;
                }
                lineContent = 0;
            } else if (b != '\r') {
                lineContent++;
            }
        }
        return out.toByteArray();
    }

    /** All fields in header order. */
    public List<Field> fields() {
        return fields;
    }

    /** The unfolded raw value of the first field of that name (case-insensitive), or null. */
    public String first(String name) {
        for (Field f : fields) {
            if (f.name().equalsIgnoreCase(name)) {
                return f.value();
            }
        }
        return null;
    }

    /** The unfolded raw values of every field of that name (case-insensitive), in header order. */
    public List<String> all(String name) {
        List<String> values = new ArrayList<>();
        for (Field f : fields) {
            if (f.name().equalsIgnoreCase(name)) {
                values.add(f.value());
            }
        }
        return values;
    }

    private static String stripTrailingWsp(String s) {
        int end = s.length();
        while (end > 0 && (s.charAt(end - 1) == ' ' || s.charAt(end - 1) == '\t')) {
            end--;
        }
        return s.substring(0, end);
    }

    // RFC 5322 section 3.6.8: field-name = 1*ftext, ftext = %d33-57 / %d59-126.
    private static boolean isFieldName(String s) {
        if (s.isEmpty()) {
            return false;
        }
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c < 33 || c > 126 || c == ':') {
                return false;
            }
        }
        return true;
    }

    @Override
    public String toString() {
        return "HeaderBlock" + fields.stream().map(f -> f.name().toLowerCase(Locale.ROOT)).toList();
    }
}
