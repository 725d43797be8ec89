package org.mailsync.store.mbox;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.zip.CRC32;

import org.mailsync.store.StoreException;

/**
 * Checks an {@link MboxKey} against the file it names before anything is read or changed
 * through it: the key verifies itself, and one that no longer names its message is refused with
 * an error naming the folder and the key.
 */
final class MboxKeyCheck {

    private MboxKeyCheck() {
    }

    /**
     * Checks that the key's region still is that message: in bounds, a {@code From } line at a
     * line start, the same length and CRC-32, and followed by the end of the file or (an empty
     * line and) a {@code From } line; else someone wrote more lines into it.
     *
     * @param crc fed with the {@code From } line, for the stream to continue
     * @return the offset of the message's content, just past its {@code From } line
     */
    static long verify(FileChannel ch, MboxKey k, CRC32 crc, Path folder, String key)
            throws IOException, StoreException {
        long size = ch.size();
        if (k.end() > size || k.length() < 5) {
            throw stale(folder, key);
        }
        if (k.offset() > 0) {
            byte[] before = read(ch, Math.max(0, k.offset() - 3), (int) Math.min(3, k.offset()));
            // Any line start: Netscape-style files have no empty line before a separator.
            boolean boundary = before.length > 0 && before[before.length - 1] == '\n';
            if (!boundary && !(k.offset() == 3 && MboxReader.startsMbox(read(ch, 0, 8), 8))) {
                throw stale(folder, key);
            }
        }
        byte[] after = read(ch, k.end(), 8);
        String a = new String(after, StandardCharsets.ISO_8859_1);
        if (!(after.length == 0 || a.equals("\n") || a.equals("\r\n") || a.startsWith("\nFrom ") || a.startsWith("\r\nFrom ")
                || a.startsWith("From "))) {
            throw stale(folder, key);
        }
        CRC32 whole = new CRC32();
        long contentOffset = -1;
        ByteBuffer buf = ByteBuffer.allocate(64 * 1024);
        for (long pos = k.offset(); pos < k.end(); ) {
            buf.clear().limit((int) Math.min(buf.capacity(), k.end() - pos));
            int n = ch.read(buf, pos);
            if (n <= 0) {
                throw stale(folder, key);
            }
            byte[] b = buf.array();
            if (pos == k.offset() && MboxrdQuoting.quoteDepth(b, n) != 0) {
                throw stale(folder, key);
            }
            if (contentOffset < 0) {
                for (int i = 0; i < n; i++) {
                    if (b[i] == '\n') {
                        contentOffset = pos + i + 1;
                        crc.update(b, 0, i + 1);
                        break;
                    }
                }
                if (contentOffset < 0) {
                    crc.update(b, 0, n);
                }
            }
            whole.update(b, 0, n);
            pos += n;
        }
        if (whole.getValue() != k.crc()) {
            throw stale(folder, key);
        }
        return contentOffset < 0 ? k.end() : contentOffset;
    }

    private static byte[] read(FileChannel ch, long pos, int len) throws IOException {
        ByteBuffer b = ByteBuffer.allocate(len);
        while (b.hasRemaining()) {
            int n = ch.read(b, pos + b.position());
            if (n < 0) {
                break;
            }
        }
        byte[] out = new byte[b.position()];
        System.arraycopy(b.array(), 0, out, 0, out.length);
        return out;
    }

    static StoreException stale(Path folder, String key) {
        return new StoreException("mbox folder " + folder + ": message " + key
                + " is no longer there as indexed (the file was changed by another program); nothing done");
    }
}
