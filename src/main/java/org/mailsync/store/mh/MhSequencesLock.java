package org.mailsync.store.mh;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.Objects;

import org.mailsync.store.StoreException;

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
 */
final class MhSequencesLock implements AutoCloseable {

    static final String DOT_LOCK = ".mh_sequences.lock";
    private static final long TIMEOUT_MILLIS = 30_000;

    private final Path dotLock;
    private FileChannel channel;
    private FileLock lock;

    private MhSequencesLock(Path dotLock) {
        this.dotLock = dotLock;
    }

    /** Locks the folder, waiting up to 30 seconds for another holder. */
    static MhSequencesLock acquire(Path folder) throws StoreException {
        return acquire(folder, TIMEOUT_MILLIS);
    }

    /** Locks the folder, waiting up to {@code timeoutMillis} for another holder. */
    static MhSequencesLock acquire(Path folder, long timeoutMillis) throws StoreException {
        Path dot = folder.resolve(DOT_LOCK);
        long deadline = System.currentTimeMillis() + timeoutMillis;
        while (true) {
            try {
                Files.createFile(dot); // CREATE_NEW: O_EXCL, atomic even with other dot lockers
                break;
            } catch (FileAlreadyExistsException e) {
                // Never break a lock we did not make: a stale one is the user's to remove.
                if (System.currentTimeMillis() > deadline) {
                    throw new StoreException("MH folder " + folder + ": locked by another process (" + dot
                            + "); remove the lock file if no MH program is running");
                }
                pause();
            } catch (IOException e) {
                throw new StoreException("MH folder " + folder + ": cannot create lock " + dot + ": " + e.getMessage(), e);
            }
        }
        MhSequencesLock held = new MhSequencesLock(dot);
        try {
            held.lockSequencesFile(folder.resolve(MhFormat.SEQUENCES), deadline);
            return held;
        } catch (StoreException | RuntimeException e) {
            held.close();
            throw e;
        }
    }

    private void lockSequencesFile(Path sequences, long deadline) throws StoreException {
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
                releaseChannel();
                if (System.currentTimeMillis() > deadline) {
                    throw new StoreException("MH folder " + sequences.getParent() + ": " + sequences
                            + " is locked by another process");
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
            Files.deleteIfExists(dotLock);
        } catch (IOException ignored) {
            // a leftover dot lock blocks the next run with a message naming it, which is safe
        }
    }
}
