package org.mailsync.store.mbox;

import java.time.Instant;
import java.util.Set;

import org.mailsync.store.Flag;

/**
 * Where one message lies in an mbox file and what its stored header says.
 *
 * @param fromOffset    offset of its {@code From } line
 * @param contentOffset offset just past the {@code From } line: the stored message starts here
 * @param contentEnd    offset just past the stored message, before the empty line that
 *                      separates it from the next {@code From } line (or the end of the file)
 * @param extentEnd     offset of the next message's {@code From } line, or the file size:
 *                      everything to remove to delete this message
 * @param crc           CRC-32 of the bytes from {@code fromOffset} to {@code contentEnd}
 * @param fromLine      the separator line without its line end (at most 1000 bytes)
 * @param rawHeader     the stored header block, without the empty line that ends it (at most
 *                      {@link MboxReader#MAX_HEADER} bytes)
 * @param flags         flags from the stored Status/X-Status fields
 * @param internalDate  the {@code From } line's date, or null
 * @param keywords      keywords from the stored X-Keywords fields
 */
public record MboxMessage(long fromOffset, long contentOffset, long contentEnd, long extentEnd, long crc,
        String fromLine, byte[] rawHeader, Set<Flag> flags, Instant internalDate, Set<String> keywords) {

    /** The self-verifying key of this message (see {@link MboxKey}). */
    public MboxKey key() {
        return new MboxKey(fromOffset, contentEnd - fromOffset, crc);
    }

    /** The size of the stored message, quoting and Status fields included. */
    public long storedSize() {
        return contentEnd - contentOffset;
    }
}
