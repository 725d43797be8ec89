package org.mailsync.store.mh;

import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.CRC32;

/**
 * The key mailsync gives an MH message: {@code <number>-<size>-<crc>}, the message number
 * followed by what makes the key check itself, the file's size and the CRC-32 of its header
 * block. MH numbers are not stable ({@code folder -pack}, {@code sortm} and {@code refile}
 * renumber messages), so the number alone could name another message by the time the key is
 * used; with size and header checked, a stale key is refused instead. Two messages with the
 * same number, size and header are taken to be the same message.
 */
record MhKey(int number, long size, long crc) {

    private static final Pattern FORM = Pattern.compile("([1-9][0-9]{0,9})-([0-9]{1,19})-([0-9a-f]{8})");

    /** The key of a message with this number, size and header. */
    static MhKey of(int number, long size, byte[] header) {
        return new MhKey(number, size, crc(header));
    }

    static long crc(byte[] header) {
        CRC32 crc = new CRC32();
        crc.update(header);
        return crc.getValue();
    }

    /** The key's parts, or null if the text is not a key this format issued. */
    static MhKey parse(String key) {
        Matcher m = FORM.matcher(key);
        if (!m.matches()) {
            return null;
        }
        long number = Long.parseLong(m.group(1));
        if (number > Integer.MAX_VALUE) {
            return null;
        }
        try {
            return new MhKey((int) number, Long.parseLong(m.group(2)), Long.parseLong(m.group(3), 16));
        } catch (NumberFormatException e) {
            return null;
        }
    }

    @Override
    public String toString() {
        return number + "-" + size + "-" + String.format("%08x", crc);
    }
}
