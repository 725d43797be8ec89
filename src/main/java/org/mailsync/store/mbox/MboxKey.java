package org.mailsync.store.mbox;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A message's key in an mbox file: {@code <offset>-<length>-<crc32 hex>}, the byte offset of
 * its {@code From } line, the length of the stored message from that line to the end of its
 * content (the separating empty line excluded), and the CRC-32 of those bytes.
 *
 * <p>Offsets alone are not safe keys: any other program that rewrites the file (an MUA
 * expunging, a second mailsync) shifts messages, and a stale offset would then name another
 * message. With the length and checksum a key verifies itself, so a stale key is refused
 * instead of acting on the wrong mail. Appends keep keys valid: they never move earlier bytes,
 * and the separating empty line a message gains when another is appended lies outside its region.
 */
public record MboxKey(long offset, long length, long crc) {

    private static final Pattern FORM = Pattern.compile("(\\d{1,19})-(\\d{1,19})-([0-9a-f]{8})");

    /** Parses a key, or returns null if the text is not one of ours. */
    public static MboxKey parse(String key) {
        Matcher m = FORM.matcher(key);
        if (!m.matches()) {
            return null;
        }
        try {
            return new MboxKey(Long.parseLong(m.group(1)), Long.parseLong(m.group(2)), Long.parseLong(m.group(3), 16));
        } catch (NumberFormatException e) {
            return null;
        }
    }

    /** The offset just past the message's content. */
    public long end() {
        return offset + length;
    }

    @Override
    public String toString() {
        return offset + "-" + length + "-" + String.format("%08x", crc);
    }
}
