package org.mailsync.store.mh;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

import org.mailsync.store.StoreException;
import org.mailsync.store.local.DotLock;
import org.mailsync.store.local.GivenUpLocks;
import org.mailsync.store.local.LockNotices;
import org.mailsync.store.local.LockWait;

/**
 * The exclusive lock mailsync holds on an MH folder while it changes its messages and
 * {@code .mh_sequences}. It takes both kinds of lock nmh may use (its {@code datalocking}
 * profile entry, mh-profile(5)): a dot lock, {@code .mh_sequences.lock} created with
 * {@code O_EXCL}, and an fcntl lock on {@code .mh_sequences} itself, which is what Java's
 * {@link FileChannel#lock()} takes on Linux and nmh's default since 1.6.
 *
 * <p>mailsync replaces {@code .mh_sequences} by renaming a new file over it, so an fcntl lock
 * on the old file would guard nothing once the rename is done: after locking, this class checks
 * that the path still names the file it locked and starts over if not. nmh writes the file in
 * place and makes no such check, which leaves a small window against a concurrent nmh command
 * that is waiting on the fcntl lock while we rename.
 *
 * <p>The dot lock is a {@link DotLock}: ours names its owner, so one left by a run killed with
 * -9 is removed at once by the next run, with a warning line; one of a program that still runs
 * is waited for (with a warning line once the wait passes a second) as long as the system
 * property {@value LockWait#PROPERTY} says in seconds, 60 by default; so is the fcntl lock.
 * nmh's own dot locks name no owner and are never removed by age: a stale one is the user's to
 * remove, and the error says which file.
 */
final class MhSequencesLock implements AutoCloseable {

    static final String DOT_LOCK = ".mh_sequences.lock";

    private final DotLock dotLock;
    private FileChannel channel;
    private FileLock lock;

    private MhSequencesLock(DotLock dotLock) {
        this.dotLock = dotLock;
    }

    /** Locks the folder, waiting as long as {@link LockWait} says for another holder. */
    static MhSequencesLock acquire(Path folder) throws StoreException {
        return acquire(folder, LockWait.configured(), new GivenUpLocks());
    }

    /** Locks the folder, waiting up to {@code timeoutMillis} for another holder. */
    static MhSequencesLock acquire(Path folder, long timeoutMillis) throws StoreException {
        return acquire(folder, Duration.ofMillis(timeoutMillis), new GivenUpLocks());
    }

    /**
     * Locks the folder, waiting up to {@code wait} for another holder, but not at all for a
     * holder of the dot lock that the store already gave up on.
     */
    static MhSequencesLock acquire(Path folder, Duration wait, GivenUpLocks givenUp) throws StoreException {
        Instant start = Instant.now();
        Instant deadline = start.plus(wait);
        DotLock dot;
        try {
            // No age limit: never break a lock whose owner cannot be checked (nmh's name none).
            dot = DotLock.acquire(folder.resolve(DOT_LOCK), "MH folder " + folder, wait, null, givenUp);
        } catch (IOException e) {
            throw new StoreException("MH folder " + folder + ": " + e.getMessage(), e);
        }
        MhSequencesLock held = new MhSequencesLock(dot);
        try {
            held.lockSequencesFile(folder.resolve(MhFormat.SEQUENCES), start, wait);
            return held;
        } catch (StoreException | RuntimeException e) {
            held.close();
            throw e;
        }
    }

    private void lockSequencesFile(Path sequences, Instant start, Duration wait) throws StoreException {
        Instant deadline = start.plus(wait);
        boolean announced = false;
        while (true) {
            try {
                Object before = fileKey(sequences);
                if (before == null) {
                    return; // no file yet: the dot lock alone guards its creation
                }
                channel = FileChannel.open(sequences, StandardOpenOption.READ, StandardOpenOption.WRITE);
                try {
                    lock = channel.tryLock();
                } catch (OverlappingFileLockException heldInThisJvm) {
                    // A reader in this JVM holds its shared lock: the JVM reports that instead
                    // of letting us wait, so wait like for any other holder.
                    lock = null;
                }
                if (lock != null && Objects.equals(before, fileKey(sequences))) {
                    return;
                }
                // Replaced while we opened or waited, or held by someone: try again.
                boolean heldBySomeone = lock == null;
                releaseChannel();
                if (!Instant.now().isBefore(deadline)) {
                    throw new StoreException("MH folder " + sequences.getParent() + ": " + sequences
                            + " is locked by another process; gave up after " + LockWait.seconds(wait) + " (system property "
                            + LockWait.PROPERTY + " sets how long to wait)");
                }
                if (heldBySomeone && !announced && !Instant.now().isBefore(start.plus(DotLock.QUIET_WAIT))) {
                    LockNotices.warn("MH folder " + sequences.getParent() + ": waiting up to " + LockWait.seconds(wait)
                            + " for the fcntl lock someone else holds on " + sequences);
                    announced = true;
                }
                pause();
            } catch (NoSuchFileException e) {
                releaseChannel(); // removed under us; look again
            } catch (IOException e) {
                releaseChannel();
                throw new StoreException("MH folder " + sequences.getParent() + ": cannot lock " + sequences + ": "
                        + e.getMessage(), e);
            }
        }
    }

    private static Object fileKey(Path p) throws IOException {
        try {
            return Files.readAttributes(p, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS).fileKey();
        } catch (NoSuchFileException e) {
            return null;
        }
    }

    private static void pause() throws StoreException {
        try {
            Thread.sleep(50);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new StoreException("interrupted while waiting for an MH folder lock", e);
        }
    }

    private void releaseChannel() {
        try {
            if (lock != null) {
                lock.release();
            }
        } catch (IOException ignored) {
            // closing the channel below releases it anyway
        }
        lock = null;
        try {
            if (channel != null) {
                channel.close();
            }
        } catch (IOException ignored) {
            // nothing was written through it
        }
        channel = null;
    }

    @Override
    public void close() {
        releaseChannel();
        try {
            dotLock.close();
        } catch (IOException ignored) {
            // a leftover dot lock blocks the next run with a message naming it, which is safe
        }
    }
}
