package org.mailsync.assembly;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import org.mailsync.store.local.LockOwner;

/**
 * Keeps two runs of one channel from syncing at once (a cron job and a hand-started run would
 * otherwise both copy the same new messages): an exclusive lock on {@code <msinfo>.lock},
 * released by the operating system even if the process dies (kill -9 included), so it is never
 * left behind. While held, the file names its holder ({@code PID HOST START}, see
 * {@link LockOwner}), so that a refused run can say which process has the channel.
 *
 * <p>The file is removed when the lock is released: {@code <msinfo>.lock} is also c-client's
 * dot-lock of the original mailsync's msinfo file, and the original, run on the same config
 * after us, waits for a lock file that is there (up to c-client's five minutes) before it writes
 * its msinfo. Removed under the lock, so a run that locked the file just as it went checks,
 * once it holds the lock, that the path still names the file it locked, and starts again if not.
 *
 * <p>The lock is an fcntl lock, which POSIX gives to the process, not to the channel: closing
 * any descriptor of the file in this process releases it. So a second run in this JVM is
 * refused from a table of the lock files held here before it opens the file at all; otherwise
 * its refusal would free the first run's lock for other processes.
 */
public final class ChannelLock implements AutoCloseable {

    /** The files (by file key) whose lock this JVM holds. */
    private static final Set<Object> HELD_HERE = ConcurrentHashMap.newKeySet();

    /** Attempts to take a lock whose file keeps being removed under us before giving up. */
    private static final int MAX_ATTEMPTS = 5;

    private final Path file;
    private final FileChannel channel;
    private final FileLock lock;
    private final Object key;

    private ChannelLock(Path file, FileChannel channel, FileLock lock, Object key) {
        this.file = file;
        this.channel = channel;
        this.lock = lock;
        this.key = key;
    }

    /**
     * Takes the lock of an msinfo file.
     *
     * @throws ChannelBusyException if another run holds it, naming the lock file and the holder's pid if known
     * @throws IOException          if the lock file cannot be made
     */
    public static ChannelLock acquire(Path msinfo) throws IOException {
        Path file = msinfo.resolveSibling(msinfo.getFileName() + ".lock");
        Files.createDirectories(file.toAbsolutePath().getParent());
        for (int attempt = 1; ; attempt++) {
            ChannelLock lock = tryAcquire(file);
            if (lock != null) {
                return lock;
            }
            if (attempt == MAX_ATTEMPTS) {
                // each attempt lost to a run that took and released the lock meanwhile: it is in use
                throw new ChannelBusyException(file, holder(file));
            }
        }
    }

    /** The lock, or null when the file was removed or replaced by its last holder while we locked it. */
    private static ChannelLock tryAcquire(Path file) throws IOException {
        try {
            Files.createFile(file);
        } catch (FileAlreadyExistsException e) {
            // held by another run, or left by one killed with -9
        }
        Object key;
        try {
            key = keyOf(file);
        } catch (NoSuchFileException e) {
            return null; // removed by its holder just now
        }
        if (!HELD_HERE.add(key)) {
            throw new ChannelBusyException(file, "this process, pid " + ProcessHandle.current().pid());
        }
        FileChannel channel = null;
        try {
            channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
            FileLock lock;
            try {
                lock = channel.tryLock();
            } catch (OverlappingFileLockException e) {
                lock = null; // locked in this JVM by something other than a ChannelLock
            }
            if (lock == null) {
                throw new ChannelBusyException(file, holder(file));
            }
            if (!key.equals(keyOrNull(file))) {
                // we locked a file its holder has removed since: nobody else will look at it
                lock.release();
                channel.close();
                HELD_HERE.remove(key);
                return null;
            }
            // Written under the lock: a reader only looks while the lock is held, by its writer.
            channel.truncate(0);
            channel.write(ByteBuffer.wrap(LockOwner.current().fileContent().getBytes(StandardCharsets.US_ASCII)), 0);
            return new ChannelLock(file, channel, lock, key);
        } catch (IOException | RuntimeException e) {
            if (channel != null) {
                channel.close();
            }
            HELD_HERE.remove(key);
            throw e;
        }
    }

    private static Object keyOrNull(Path file) throws IOException {
        try {
            return keyOf(file);
        } catch (NoSuchFileException e) {
            return null;
        }
    }

    /** What identifies the lock file whatever path names it; its real path where the file system has no keys. */
    private static Object keyOf(Path file) throws IOException {
        Object key = Files.readAttributes(file, BasicFileAttributes.class).fileKey();
        return key != null ? key : file.toRealPath();
    }

    /** The holder the lock file names ({@code pid 4242}), or null when it names none. */
    private static String holder(Path file) {
        try (InputStream in = Files.newInputStream(file)) {
            String content = new String(in.readNBytes(512), StandardCharsets.US_ASCII);
            return LockOwner.parse(content).map(o -> "pid " + o.pid() + (o.host() == null ? "" : " on host " + o.host()))
                    .orElse(null);
        } catch (NoSuchFileException e) {
            return null;
        } catch (IOException e) {
            return null; // the refusal matters, not who holds it
        }
    }

    @Override
    public void close() throws IOException {
        try {
            try {
                // Emptied, then removed, before release: nobody reads our pid as the holder after
                // us, and the original's c-client finds no dot-lock of its msinfo left (see above).
                channel.truncate(0);
                if (key.equals(keyOrNull(file))) { // not a dot-lock c-client made after breaking ours as stale
                    Files.deleteIfExists(file);
                }
            } finally {
                lock.release();
            }
        } finally {
            try {
                channel.close();
            } finally {
                HELD_HERE.remove(key);
            }
        }
    }
}
