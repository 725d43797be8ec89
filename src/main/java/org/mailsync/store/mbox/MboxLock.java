package org.mailsync.store.mbox;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;

/**
 * Exclusive write access to one mbox file, taken the two ways other mail programs check, so
 * that no MDA or MUA writes the file while we do: a dot-lock file {@code <file>.lock} created
 * with O_EXCL (procmail, mutt, c-client; safe on NFS), and an fcntl lock on the file itself
 * ({@link FileChannel#lock} is fcntl on Linux; Dovecot and mutt use it). Both are released by
 * {@link #close()}, which callers reach through try-with-resources even after a failure.
 *
 * <p>A dot-lock older than {@link #STALE} is taken to be left by a crashed program and removed,
 * the usual rule (mutt and procmail use a few minutes); a younger one is waited for up to the
 * timeout. Readers take no lock: they verify what they read by the message keys instead.
 */
public final class MboxLock implements AutoCloseable {

    /** A dot-lock this old is stale. */
    public static final Duration STALE = Duration.ofMinutes(5);

    private final Path dotLock;
    private final FileChannel channel;
    private final FileLock lock;

    private MboxLock(Path dotLock, FileChannel channel, FileLock lock) {
        this.dotLock = dotLock;
        this.channel = channel;
        this.lock = lock;
    }

    /** The dot-lock path of an mbox file. */
    public static Path dotLockOf(Path file) {
        return file.resolveSibling(file.getFileName() + ".lock");
    }

    /**
     * Locks the file, waiting up to {@code timeout} for other holders.
     *
     * @throws IOException if the lock cannot be had in time or the file cannot be opened
     */
    public static MboxLock acquire(Path file, Duration timeout) throws IOException {
        Instant deadline = Instant.now().plus(timeout);
        Path dot = dotLockOf(file);
        takeDotLock(dot, deadline);
        FileChannel ch = null;
        try {
            ch = FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE);
            FileLock fl;
            while ((fl = tryLock(ch)) == null) {
                if (Instant.now().isAfter(deadline)) {
                    throw new IOException("cannot lock " + file + ": another program holds an fcntl lock on it");
                }
                pause();
            }
            return new MboxLock(dot, ch, fl);
        } catch (IOException | RuntimeException e) {
            if (ch != null) {
                ch.close();
            }
            Files.deleteIfExists(dot);
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

    private static void takeDotLock(Path dot, Instant deadline) throws IOException {
        while (true) {
            try {
                Files.createFile(dot); // O_CREAT|O_EXCL
                return;
            } catch (FileAlreadyExistsException e) {
                try {
                    if (Files.getLastModifiedTime(dot).toInstant().isBefore(Instant.now().minus(STALE))) {
                        Files.deleteIfExists(dot);
                        continue;
                    }
                } catch (NoSuchFileException gone) {
                    continue; // released meanwhile
                }
                if (Instant.now().isAfter(deadline)) {
                    throw new IOException("cannot lock: " + dot + " exists (another program is writing the folder)");
                }
                pause();
            }
        }
    }

    private static void pause() throws IOException {
        try {
            Thread.sleep(100);
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
            Files.deleteIfExists(dotLock);
        }
    }
}
