package org.mailsync.assembly;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * Keeps two runs of one channel from syncing at once (a cron job and a hand-started run would
 * otherwise both copy the same new messages): an exclusive lock on {@code <msinfo>.lock},
 * released by the operating system even if the process dies.
 */
public final class ChannelLock implements AutoCloseable {

    private final FileChannel channel;
    private final FileLock lock;

    private ChannelLock(FileChannel channel, FileLock lock) {
        this.channel = channel;
        this.lock = lock;
    }

    /**
     * Takes the lock of an msinfo file.
     *
     * @throws ChannelBusyException if another run holds it, naming the lock file
     * @throws IOException          if the lock file cannot be made
     */
    public static ChannelLock acquire(Path msinfo) throws IOException {
        Path file = msinfo.resolveSibling(msinfo.getFileName() + ".lock");
        Files.createDirectories(file.toAbsolutePath().getParent());
        FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
        FileLock lock;
        try {
            lock = channel.tryLock();
        } catch (OverlappingFileLockException e) {
            lock = null;
        }
        if (lock == null) {
            channel.close();
            throw new ChannelBusyException("another mailsync run is syncing this channel (lock " + file + " is held)");
        }
        return new ChannelLock(channel, lock);
    }

    @Override
    public void close() throws IOException {
        try {
            lock.release();
        } finally {
            channel.close();
        }
    }
}
