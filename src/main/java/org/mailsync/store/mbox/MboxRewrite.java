package org.mailsync.store.mbox;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.List;

import org.mailsync.store.local.LockOwner;
import org.mailsync.store.local.PrivateFiles;

/**
 * Replaces an mbox file by a copy of itself without some of its bytes, the way a delete and
 * the recovery of a torn append ({@link AppendJournal}) take messages out: never in place, so
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
        Path tmp = folder.resolveSibling("." + folder.getFileName() + ".mailsync-" + ProcessHandle.current().pid() + ".tmp");
        try {
            // Private until it has the old file's mode: it holds the same mail.
            try (FileChannel out = PrivateFiles.newFile(tmp)) {
                long copyFrom = 0; // the bytes before the first message (a byte order mark) stay
                for (long[] range : removed) {
                    transfer(ch, copyFrom, range[0], out);
                    copyFrom = range[1];
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
        Path dir = folder.toAbsolutePath().getParent();
        String prefix = "." + folder.getFileName() + ".mailsync-";
        int removed = 0;
        // a filter, not a glob: folder names may hold glob characters
        java.nio.file.DirectoryStream.Filter<Path> scratch = p -> {
            String n = p.getFileName().toString();
            return n.startsWith(prefix) && n.endsWith(".tmp");
        };
        try (java.nio.file.DirectoryStream<Path> entries = Files.newDirectoryStream(dir, scratch)) {
            for (Path entry : entries) {
                String name = entry.getFileName().toString();
                String pid = name.substring(prefix.length(), name.length() - ".tmp".length());
                if (pid.chars().allMatch(Character::isDigit) && !pid.isEmpty()
                        && !LockOwner.isRunning(Long.parseLong(pid))
                        && Files.deleteIfExists(entry)) {
                    removed++;
                }
            }
        }
        return removed;
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
