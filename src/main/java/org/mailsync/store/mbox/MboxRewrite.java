package org.mailsync.store.mbox;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;

import org.mailsync.store.local.DeadPidLeftovers;
import org.mailsync.store.local.PrivateFiles;

/**
 * Replaces an mbox file by a copy of itself without some of its bytes, or with some replaced,
 * the way a delete and the recovery of a torn append ({@link AppendJournal}) take messages out
 * and a flag change rewrites their Status fields ({@link MboxFlagChanges}): never in place, so
 * that a crash leaves the old file or the new one. The new file has a new inode, so an index
 * snapshot of the old one is never reused for it ({@link MboxIndex}).
 */
final class MboxRewrite {

    private MboxRewrite() {
    }

    /**
     * Copies the file without the given byte ranges ({@code [from, to)}, in file order, not
     * overlapping) into a temporary file beside it and renames that over it, so a crash leaves
     * either the old file or the new one, never half of each. The new file keeps the old one's
     * mode. The caller holds the lock; afterwards its channel is the old file's.
     */
    static void without(Path folder, FileChannel ch, long size, List<long[]> removed) throws IOException {
        List<Splice> splices = new ArrayList<>(removed.size());
        for (long[] range : removed) {
            splices.add(new Splice(range[0], range[1], new byte[0]));
        }
        replacing(folder, ch, size, splices);
    }

    /**
     * Bytes {@code [from, to)} of the file to be written as {@code with} instead.
     *
     * @param from first byte replaced
     * @param to   first byte after them that is kept
     * @param with what is written in their place (empty to remove them)
     */
    record Splice(long from, long to, byte[] with) {
    }

    /**
     * Copies the file with the given ranges replaced (in file order, not overlapping) into a
     * temporary file beside it and renames that over it, as {@link #without} does.
     */
    static void replacing(Path folder, FileChannel ch, long size, List<Splice> splices) throws IOException {
        Path tmp = folder.resolveSibling("." + folder.getFileName() + ".mailsync-" + ProcessHandle.current().pid() + ".tmp");
        try {
            // Private until it has the old file's mode: it holds the same mail.
            try (FileChannel out = PrivateFiles.newFile(tmp)) {
                long copyFrom = 0; // the bytes before the first message (a byte order mark) stay
                for (Splice splice : splices) {
                    transfer(ch, copyFrom, splice.from(), out);
                    ByteBuffer with = ByteBuffer.wrap(splice.with());
                    while (with.hasRemaining()) {
                        out.write(with);
                    }
                    copyFrom = splice.to();
                }
                transfer(ch, copyFrom, size, out);
                out.force(true);
            }
            copyPermissions(folder, tmp);
            try {
                Files.move(tmp, folder, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                throw new IOException("cannot replace " + folder + " atomically", e);
            }
            forceDirectory(folder.toAbsolutePath().getParent());
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    /**
     * Removes the scratch copies ({@code .NAME.mailsync-PID.tmp}) that rewrites of this folder
     * by processes no longer running left beside it: a run killed in the middle of a delete
     * (with folder pairs in parallel, one pair's kill can be another's mid-rewrite). They hold
     * copies of mail that is still in the folder, never the only copy. A live process's scratch
     * file is its own business.
     *
     * @return how many were removed
     */
    static int removeLeftovers(Path folder) throws IOException {
        return DeadPidLeftovers.remove(folder.toAbsolutePath().getParent(), "." + folder.getFileName() + ".mailsync-", ".tmp");
    }

    private static void transfer(FileChannel in, long from, long to, FileChannel out) throws IOException {
        long pos = from;
        while (pos < to) {
            long n = in.transferTo(pos, to - pos, out);
            if (n <= 0) {
                throw new IOException("file shrank while being copied (at byte " + pos + ")");
            }
            pos += n;
        }
    }

    private static void copyPermissions(Path from, Path to) throws IOException {
        try {
            Files.setPosixFilePermissions(to, Files.getPosixFilePermissions(from));
        } catch (UnsupportedOperationException e) {
            // not a POSIX file system: the new file keeps the default permissions
        }
    }

    /** Makes the rename durable; some systems cannot open a directory, and then it waits for the next sync. */
    static void forceDirectory(Path dir) {
        try (FileChannel d = FileChannel.open(dir, StandardOpenOption.READ)) {
            d.force(true);
        } catch (IOException e) {
            // best effort only
        }
    }
}
