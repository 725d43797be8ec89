package org.mailsync.store.maildir;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.DirectoryIteratorException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import org.mailsync.store.local.LockOwner;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Removes what deliveries that never finished left in a Maildir's {@code tmp/}: the partial
 * file of a mailsync run killed while writing a message (the message itself is copied again
 * by the next run), which would otherwise waste space and hold a partial copy of private mail
 * for good. A file goes when
 * <ul>
 * <li>its name is exactly one mailsync makes on this host ({@link UniqueNames#pidOfOurs}) and
 * the process it names no longer runs: at once;</li>
 * <li>or, whoever made it, it has not been touched for {@value #ABANDONED_HOURS} hours, the
 * spec's rule: "A file in tmp may be safely removed if it has not been accessed in 36 hours"
 * (https://cr.yp.to/proto/maildir.html), as Dovecot and Courier do. Touched means read,
 * written, or changed in any way: the newest of its access, modification and change time, since
 * a delivery may set the mtime to a message's date (as {@link MaildirFormat#append} does) and
 * only the change time cannot be set back.</li>
 * </ul>
 * Either way a file is kept while a process holds a lock on it: a delivering mailsync locks its
 * {@code tmp/} file ({@link #claim}), which protects it also where its pid says nothing, as for
 * a mailsync in another pid namespace with this host's name (a container on the host's
 * network) or on another machine with the same short name, sharing the Maildir. Only regular
 * files are considered, and not those whose name starts with a dot: not ours, and on NFS
 * {@code .nfsXXXX} is a file deleted while still open.
 *
 * <p>A removal is a visible warning line (logger {@code mailsync.maildir}, outside
 * {@code org.mailsync} and so shown by default, like the lock lines of {@code mailsync.locks}):
 * it is rare, it means an earlier run or another program was interrupted, and it destroys a
 * (partial) copy of mail. Anything that goes wrong while cleaning is only logged at debug level:
 * a leftover never stops a sync.
 */
final class TmpLeftovers {

    static final int ABANDONED_HOURS = 36;

    private static final Logger LOG = LoggerFactory.getLogger(TmpLeftovers.class);
    private static final Logger VISIBLE = LoggerFactory.getLogger("mailsync.maildir");
    private static final Duration ABANDONED_AFTER = Duration.ofHours(ABANDONED_HOURS);
    private static final long SELF = ProcessHandle.current().pid();

    /** Bound of {@link #cleaned}: forgetting a folder only costs one more look into its tmp/. */
    private static final int CLEANED_FOLDERS = 64;

    private final Clock clock;
    /** Folders looked through already; concurrent, as threads may work on different folders. */
    private final Set<Path> cleaned = ConcurrentHashMap.newKeySet();

    TmpLeftovers(Clock clock) {
        this.clock = clock;
    }

    /** {@link #clean} unless this folder was cleaned already (by this instance, in this run). */
    void cleanOnce(Path folder) {
        if (!cleaned.contains(folder)) {
            clean(folder);
        }
    }

    /**
     * Marks a delivery's open {@code tmp/} file as in progress for other processes, until the
     * channel is closed: an fcntl lock, which the kernel drops when the process dies, however
     * it dies. Best effort: where the file system has no locks the pid in the name still
     * protects the file on this host.
     */
    static void claim(FileChannel out, Path tmp) {
        try {
            if (out.tryLock() == null) {
                LOG.debug("cannot lock {}: another process holds a lock on it", tmp);
            }
        } catch (IOException | OverlappingFileLockException e) {
            LOG.debug("cannot lock {}: {}", tmp, e.toString());
        }
    }

    /** Removes the abandoned files of {@code folder}'s {@code tmp/}; see the class comment. */
    void clean(Path folder) {
        if (cleaned.size() >= CLEANED_FOLDERS) {
            cleaned.clear();
        }
        cleaned.add(folder);
        Path tmp = folder.resolve(MaildirFormat.TMP);
        Instant cutoff = clock.instant().minus(ABANDONED_AFTER);
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(tmp)) {
            for (Path entry : entries) {
                cleanOne(folder, entry, cutoff);
            }
        } catch (IOException | DirectoryIteratorException e) {
            LOG.debug("maildir {}: cannot look through tmp/ for leftovers: {}", folder, e.toString());
        }
    }

    private void cleanOne(Path folder, Path file, Instant cutoff) {
        String name = file.getFileName().toString();
        if (name.startsWith(".")) {
            return;
        }
        try {
            BasicFileAttributes attrs = Files.readAttributes(file, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
            if (!attrs.isRegularFile()) {
                return;
            }
            long pid = UniqueNames.pidOfOurs(name);
            if (pid == SELF) {
                // This JVM's: in progress, or its own failed delivery's if that could not remove
                // it (the next run will). Never even opened: closing a channel of a file drops
                // every fcntl lock this process holds on it, the delivery's own included.
                return;
            }
            String why;
            if (pid > 0 && !LockOwner.isRunning(pid)) {
                why = "a partial message left by mailsync process " + pid + ", which no longer runs";
            } else if (lastTouched(file, attrs).isBefore(cutoff)) {
                why = "left by " + (pid > 0 ? "mailsync process " + pid : "another program") + " and untouched for more than "
                        + ABANDONED_HOURS + " hours";
            } else {
                return;
            }
            if (removeUnlessLocked(file)) {
                VISIBLE.warn("maildir {}: removed {}/{} ({} bytes), {}", folder, MaildirFormat.TMP, name, attrs.size(), why);
            } else {
                LOG.debug("maildir {}: kept {}/{}, {}: a process holds it locked", folder, MaildirFormat.TMP, name, why);
            }
        } catch (NoSuchFileException e) {
            // Renamed into place or removed by its writer since the listing: nothing left.
        } catch (IOException | RuntimeException e) {
            LOG.debug("maildir {}: cannot remove leftover {}/{}: {}", folder, MaildirFormat.TMP, name, e.toString());
        }
    }

    /** The newest of the file's access, modification, change and (where known) birth time. */
    private static Instant lastTouched(Path file, BasicFileAttributes attrs) {
        Instant newest = max(max(attrs.lastAccessTime().toInstant(), attrs.lastModifiedTime().toInstant()),
                attrs.creationTime().toInstant());
        try {
            if (Files.getAttribute(file, "unix:ctime", LinkOption.NOFOLLOW_LINKS) instanceof FileTime ctime) {
                newest = max(newest, ctime.toInstant());
            }
        } catch (UnsupportedOperationException | IllegalArgumentException | IOException e) {
            // no "unix" view (not a POSIX system): the times above must do
        }
        return newest;
    }

    private static Instant max(Instant a, Instant b) {
        return a.isAfter(b) ? a : b;
    }

    /**
     * Deletes the file unless another process holds a lock on it: a writer's exclusive lock
     * makes our shared one fail. Where the file system has no locks, neither could the writer
     * take one: the name and times have decided. A lock of this JVM (an
     * {@link OverlappingFileLockException}) means a delivery of ours: kept.
     *
     * <p>A writer locks its file just after creating it; a file removed in that moment (only by
     * a run that cannot judge the writer by its pid, see the class comment) makes that one
     * delivery fail, and the next run copies the message again: nothing partial ever shows.
     */
    private static boolean removeUnlessLocked(Path file) throws IOException {
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ, LinkOption.NOFOLLOW_LINKS)) {
            FileLock lock;
            try {
                lock = ch.tryLock(0, Long.MAX_VALUE, true);
            } catch (OverlappingFileLockException e) {
                return false;
            } catch (IOException e) {
                LOG.debug("cannot lock {} ({}): judging by name and times alone", file, e.toString());
                Files.delete(file);
                return true;
            }
            if (lock == null) {
                return false;
            }
            Files.delete(file);
            return true; // the lock goes with the channel
        }
    }
}
