package org.mailsync.store.mbox;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;

import org.mailsync.store.local.DotLock;
import org.mailsync.store.local.GivenUpLocks;
import org.mailsync.store.local.LockNotices;
import org.mailsync.store.local.LockWait;

/**
 * Exclusive write access to one mbox file, taken the two ways other mail programs check, so
 * that no MDA or MUA writes the file while we do: a dot-lock file {@code <file>.lock} created
 * with O_EXCL (procmail, mutt, c-client; safe on NFS), and an fcntl lock on the file itself
 * ({@link FileChannel#lock} is fcntl on Linux; Dovecot and mutt use it). Both are released by
 * {@link #close()}, which callers reach through try-with-resources even after a failure.
 *
 * <p>Our dot-lock names its owner ({@code PID HOST START}, see
 * {@link org.mailsync.store.local.LockOwner}), so a lock left by a run killed with -9 is removed
 * at once by the next one, with a warning line ({@link DotLock}). A lock of a program that still
 * runs is waited for (with a warning line once the wait passes a second) for as long as the
 * system property {@value LockWait#PROPERTY} says in seconds, 60 by default ({@link LockWait});
 * so is the fcntl lock. A dot-lock whose owner cannot be checked (c-client, procmail and mutt
 * write empty ones) older than {@link #STALE} is taken to be left by a crashed program and
 * removed, the usual rule (c-client and mutt use a few minutes). Readers take no lock: they
 * verify what they read by the message keys instead.
 */
public final class MboxLock implements AutoCloseable {

    /** A dot-lock this old whose owner cannot be checked is stale. */
    public static final Duration STALE = Duration.ofMinutes(5);

    private static final long PAUSE_MILLIS = 100;

    private final DotLock dotLock;
    private final FileChannel channel;
    private final FileLock lock;

    private MboxLock(DotLock dotLock, FileChannel channel, FileLock lock) {
        this.dotLock = dotLock;
        this.channel = channel;
        this.lock = lock;
    }

    /** The dot-lock path of an mbox file. */
    public static Path dotLockOf(Path file) {
        return file.resolveSibling(file.getFileName() + ".lock");
    }

    /**
     * Locks the file, waiting up to {@code wait} for other holders.
     *
     * @throws IOException if the lock cannot be had in time or the file cannot be opened
     */
    public static MboxLock acquire(Path file, Duration wait) throws IOException {
        return acquire(file, wait, new GivenUpLocks());
    }

    /**
     * Locks the file, waiting up to {@code wait} for other holders, but not at all for a holder
     * the store already gave up on.
     *
     * @throws IOException naming the lock and its holder if the lock cannot be had in time, or
     *                     if the file cannot be opened
     */
    public static MboxLock acquire(Path file, Duration wait, GivenUpLocks givenUp) throws IOException {
        Instant start = Instant.now();
        Instant deadline = start.plus(wait);
        DotLock dot = DotLock.acquire(dotLockOf(file), "mbox folder " + file, wait, STALE, givenUp);
        FileChannel ch = null;
        try {
            ch = FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE);
            FileLock fl;
            boolean announced = false;
            while ((fl = tryLock(ch)) == null) {
                if (!Instant.now().isBefore(deadline)) {
                    throw new IOException("cannot lock " + file + ": another program holds an fcntl lock on it; gave up after "
                            + LockWait.seconds(wait) + " (system property " + LockWait.PROPERTY + " sets how long to wait)");
                }
                if (!announced && !Instant.now().isBefore(start.plus(DotLock.QUIET_WAIT))) {
                    LockNotices.warn("mbox folder " + file + ": waiting up to " + LockWait.seconds(wait)
                            + " for the fcntl lock someone else holds on it");
                    announced = true;
                }
                pause();
            }
            return new MboxLock(dot, ch, fl);
        } catch (IOException | RuntimeException e) {
            if (ch != null) {
                ch.close();
            }
            dot.close();
            throw e;
        }
    }

    private static FileLock tryLock(FileChannel ch) throws IOException {
        try {
            return ch.tryLock();
        } catch (OverlappingFileLockException e) {
            return null; // held by this JVM through another channel: wait as for anyone else
        }
    }

    private static void pause() throws IOException {
        try {
            Thread.sleep(PAUSE_MILLIS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while waiting for a lock", e);
        }
    }

    /** The locked file, open for reading and writing. */
    public FileChannel channel() {
        return channel;
    }

    @Override
    public void close() throws IOException {
        try {
            try {
                if (lock.isValid()) {
                    lock.release();
                }
            } finally {
                channel.close();
            }
        } finally {
            dotLock.close();
        }
    }
}
