package org.mailsync.store.mbox;

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

    /**
     * Parses a key, or returns null if the text is not one of ours: {@code \d{1,19}-\d{1,19}-}
     * and eight lower-case hex digits. By hand rather than by a regular expression, as an index
     * checks every key of its snapshot, 100,000 of them for a large file.
     */
    public static MboxKey parse(String key) {
        int first = key.indexOf('-');
        int second = first < 0 ? -1 : key.indexOf('-', first + 1);
        if (second < 0 || key.length() - second - 1 != 8) {
            return null;
        }
        long offset = decimal(key, 0, first);
        long length = decimal(key, first + 1, second);
        long crc = 0;
        for (int i = second + 1; i < key.length(); i++) {
            char c = key.charAt(i);
            int digit = c >= '0' && c <= '9' ? c - '0' : c >= 'a' && c <= 'f' ? c - 'a' + 10 : -1;
            if (digit < 0) {
                return null;
            }
            crc = crc << 4 | digit;
        }
        return offset < 0 || length < 0 ? null : new MboxKey(offset, length, crc);
    }

    /** The value of 1 to 19 decimal digits, or -1 for anything else (or a value past {@code long}). */
    private static long decimal(String s, int from, int to) {
        if (to - from < 1 || to - from > 19) {
            return -1;
        }
        long value = 0;
        for (int i = from; i < to; i++) {
            char c = s.charAt(i);
            if (c < '0' || c > '9') {
                return -1;
            }
            value = value * 10 + (c - '0');
            if (value < 0) {
                return -1; // overflow
            }
        }
        return value;
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
