package org.mailsync.store.mbox;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.util.zip.CRC32;

/**
 * Reads a byte range of a file with positional reads, so that several readers can share a
 * channel and offsets past 2 GiB work. Optionally checks, at the end of the range, that the
 * bytes read still have the checksum the message's key promised: the file may have been
 * rewritten in place by another program between our check in {@code open} and the read.
 */
final class RegionInputStream extends InputStream {

    private final FileChannel channel;
    private final long end;
    private final boolean closeChannel;
    private final CRC32 crc;
    private final long expectedCrc;
    private long pos;
    private boolean checked;

    /**
     * @param crc         a checksum already fed with the bytes before {@code start} that the key
     *                    covers, or null for no check
     * @param expectedCrc the value {@code crc} must reach at {@code end}
     */
    RegionInputStream(FileChannel channel, long start, long end, boolean closeChannel, CRC32 crc, long expectedCrc) {
        this.channel = channel;
        this.pos = start;
        this.end = end;
        this.closeChannel = closeChannel;
        this.crc = crc;
        this.expectedCrc = expectedCrc;
    }

    RegionInputStream(FileChannel channel, long start, long end) {
        this(channel, start, end, false, null, 0);
    }

    @Override
    public int read() throws IOException {
        byte[] one = new byte[1];
        return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        if (len == 0) {
            return 0;
        }
        if (pos >= end) {
            verify();
            return -1;
        }
        int want = (int) Math.min(len, end - pos);
        int n = channel.read(ByteBuffer.wrap(b, off, want), pos);
        if (n < 0) {
            throw new IOException("file shrank while being read (at byte " + pos + ")");
        }
        if (crc != null) {
            crc.update(b, off, n);
        }
        pos += n;
        return n;
    }

    private void verify() throws IOException {
        if (crc != null && !checked) {
            checked = true;
            if (crc.getValue() != expectedCrc) {
                throw new IOException("the mbox file was changed by another program while the message was read");
            }
        }
    }

    @Override
    public void close() throws IOException {
        if (closeChannel) {
            channel.close();
        }
    }
}
