package org.mailsync.store.local;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.SeekableByteChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.UserPrincipal;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A dot-lock: a file created with {@code O_EXCL} beside what it guards ({@code Folder.lock} for
 * an mbox, {@code .mh_sequences.lock} in an MH folder), the way c-client, procmail, mutt, nmh and
 * Dovecot lock mail; its existence is the lock. Ours records its owner in the file
 * ({@link LockOwner}, {@code PID HOST START}), so that after a kill -9 the next run knows.
 *
 * <p>When the lock file exists, its holder decides:
 * <ul>
 * <li>an owner on this host whose process is gone (by pid and start time), in a file of this
 *     user: the lock was abandoned and is removed at once, with a warning line;
 * <li>an owner that still runs: waited for as long as the caller says ({@link LockWait}), with a
 *     warning line once the wait passes {@link #QUIET_WAIT}, then an error naming the lock file
 *     and its owner;
 * <li>no owner we can check (an empty lock of c-client, procmail or mutt, another host's, or a
 *     file of another user, whose processes {@code /proc} may hide from us): removed once older
 *     than the caller's limit for such locks, if it gives one (the usual few minutes for mbox),
 *     else waited for like a running owner's.
 * </ul>
 * A lock is never broken because it is old when its owner is known to run.
 */
public final class DotLock implements AutoCloseable {

    private static final long PAUSE_MILLIS = 100;
    /**
     * How long a wait goes unannounced: an MDA's delivery holds a lock for a moment, and a line
     * each time would make every cron run mail its user.
     */
    public static final Duration QUIET_WAIT = Duration.ofSeconds(1);
    /** Lock lines are short; Dovecot reads at most this much, too. */
    private static final int READ_LIMIT = 512;

    private final Path file;
    private final String content;

    private DotLock(Path file, String content) {
        this.file = file;
        this.content = content;
    }

    /**
     * Creates the lock file, waiting up to {@code wait} for a running holder.
     *
     * @param file              the lock file
     * @param what              what it guards, for messages ({@code mbox folder /home/a/Mail/inbox})
     * @param wait              how long to wait for a running holder ({@link LockWait#configured()})
     * @param unknownOwnerStale the age at which a lock whose owner cannot be checked counts as
     *                          abandoned; null to never remove such a lock
     * @param givenUp           this store's memory of locks it already gave up on
     * @throws IOException naming the lock file and its holder, if it cannot be had in time
     */
    public static DotLock acquire(Path file, String what, Duration wait, Duration unknownOwnerStale, GivenUpLocks givenUp)
            throws IOException {
        String mine = LockOwner.current().fileContent();
        Instant start = Instant.now();
        Instant deadline = start.plus(wait);
        boolean announced = false;
        while (true) {
            if (create(file, mine)) {
                givenUp.forget(file);
                removeDeadScratches(file);
                return new DotLock(file, mine);
            }
            Holder holder = Holder.read(file);
            if (holder == null) {
                continue; // released meanwhile
            }
            String abandoned = holder.abandoned(unknownOwnerStale);
            if (abandoned != null) {
                if (holder.removeIfUnchanged()) {
                    LockNotices.warn(what + ": removed the lock " + file + abandoned);
                }
                continue;
            }
            if (givenUp.gaveUpOn(file, holder.identity())) {
                throw new IOException("cannot lock: " + file + " is still held by " + holder.who() + "; mailsync already waited "
                        + LockWait.seconds(wait) + " for it in this run" + holder.advice());
            }
            if (!Instant.now().isBefore(deadline)) {
                givenUp.remember(file, holder.identity());
                throw new IOException("cannot lock: " + file + " is held by " + holder.who() + "; gave up after "
                        + LockWait.seconds(wait) + " (system property " + LockWait.PROPERTY + " sets how long to wait)"
                        + holder.advice());
            }
            if (!announced && !Instant.now().isBefore(start.plus(QUIET_WAIT))) {
                LockNotices.warn(what + ": waiting up to " + LockWait.seconds(wait) + " for the lock " + file + ", held by "
                        + holder.who());
                announced = true;
            }
            pause();
        }
    }

    /**
     * Removes a lock file left by a process that is no longer running (or, with
     * {@code unknownOwnerStale}, one too old whose owner cannot be checked), with the same
     * warning as {@link #acquire} gives; leaves any other lock alone and never waits. Readers
     * call it: a run that only reads a folder (an unchanged one, with the index cache) would
     * otherwise leave a killed writer's lock in place for other mail programs to trip over.
     *
     * @return whether a lock was removed
     */
    public static boolean removeIfAbandoned(Path file, String what, Duration unknownOwnerStale) throws IOException {
        Holder holder = Holder.read(file);
        if (holder == null) {
            return false;
        }
        String abandoned = holder.abandoned(unknownOwnerStale);
        if (abandoned != null && holder.removeIfUnchanged()) {
            LockNotices.warn(what + ": removed the lock " + file + abandoned);
            return true;
        }
        return false;
    }

    /**
     * Creates the file with our owner line; false if it exists. The lock appears whole or not
     * at all: the owner line is written to a private name first and hard-linked to the lock's
     * name ({@code link(2)} fails when the name exists, as {@code O_EXCL} does; the classic
     * NFS-safe dot-lock). Created with {@code O_EXCL} and written after, a writer killed in
     * between left an empty lock that names no owner, which every other program then had to
     * wait out (with folder pairs in parallel, one pair's kill is another's lock creation).
     * Where the file system has no hard links, {@code O_EXCL} it is.
     */
    private static boolean create(Path file, String content) throws IOException {
        // a dot name, so no folder listing ever takes it for a folder if a kill leaves it behind
        Path scratch = file.resolveSibling(scratchPrefix(file) + ProcessHandle.current().pid() + "-"
                + Thread.currentThread().getId() + SCRATCH_SUFFIX);
        try {
            Files.write(scratch, content.getBytes(StandardCharsets.US_ASCII));
            try {
                Files.createLink(file, scratch);
                return true;
            } catch (FileAlreadyExistsException e) {
                return false;
            } catch (UnsupportedOperationException | java.nio.file.FileSystemException noHardLinks) {
                return createExclusive(file, content);
            }
        } finally {
            Files.deleteIfExists(scratch);
        }
    }

    private static final String SCRATCH_SUFFIX = ".new";

    private static String scratchPrefix(Path file) {
        return "." + file.getFileName() + ".";
    }

    /** The locks whose dead scratch files this process has looked for already. */
    private static final Set<Path> SCRATCHES_LOOKED_FOR = ConcurrentHashMap.newKeySet();

    /**
     * Removes the owner-line scratch files of this lock that killed processes left (a live
     * process's are kept), once per lock and process: it lists the lock's directory, and an mbox
     * is locked for every message appended to it.
     */
    private static void removeDeadScratches(Path file) {
        if (!SCRATCHES_LOOKED_FOR.add(file.toAbsolutePath())) {
            return;
        }
        try {
            DeadPidLeftovers.remove(file.toAbsolutePath().getParent(), scratchPrefix(file), SCRATCH_SUFFIX);
        } catch (IOException e) {
            // a leftover costs a few bytes, never a lock: the next lock takes it
        }
    }

    private static boolean createExclusive(Path file, String content) throws IOException {
        SeekableByteChannel ch;
        try {
            ch = Files.newByteChannel(file, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE); // O_CREAT|O_EXCL
        } catch (FileAlreadyExistsException e) {
            return false;
        }
        try (ch) {
            ByteBuffer bytes = ByteBuffer.wrap(content.getBytes(StandardCharsets.US_ASCII));
            while (bytes.hasRemaining()) {
                ch.write(bytes);
            }
        } catch (IOException | RuntimeException e) {
            Files.deleteIfExists(file); // an empty lock of ours would block others for minutes
            throw e;
        }
        return true;
    }

    private static void pause() throws IOException {
        try {
            Thread.sleep(PAUSE_MILLIS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while waiting for a lock", e);
        }
    }

    private static byte[] readHead(Path file) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            return in.readNBytes(READ_LIMIT);
        }
    }

    /**
     * Removes the lock file if it still is ours. Another program may have judged our lock stale
     * and taken it over; its lock is not ours to remove.
     */
    @Override
    public void close() throws IOException {
        try {
            if (!Arrays.equals(readHead(file), content.getBytes(StandardCharsets.US_ASCII))) {
                return;
            }
        } catch (NoSuchFileException e) {
            return;
        }
        Files.deleteIfExists(file);
    }

    /** The lock file as found: its bytes, age and owner. */
    private record Holder(Path file, byte[] head, Instant modified, boolean sameUser, Optional<LockOwner> owner) {

        /** The holder of an existing lock file, or null if it is gone. */
        static Holder read(Path file) throws IOException {
            try {
                Instant modified = Files.getLastModifiedTime(file).toInstant();
                byte[] head = readHead(file);
                return new Holder(file, head, modified, sameUser(file),
                        LockOwner.parse(new String(head, StandardCharsets.ISO_8859_1)));
            } catch (NoSuchFileException e) {
                return null;
            }
        }

        /**
         * Whether the file belongs to the user we run as. Only then is "no such process" to be
         * believed: with /proc mounted hidepid, other users' processes look absent.
         */
        private static boolean sameUser(Path file) throws IOException {
            try {
                UserPrincipal owner = Files.getOwner(file);
                return owner.getName().equals(System.getProperty("user.name"));
            } catch (UnsupportedOperationException e) {
                return true; // no owners on this file system: nothing hides processes by user either
            }
        }

        /** Why the lock counts as abandoned (to end a sentence), or null if it does not. */
        String abandoned(Duration unknownOwnerStale) {
            if (owner.isPresent() && sameUser) {
                LockOwner.State state = owner.get().state();
                if (state == LockOwner.State.GONE) {
                    return ", left by " + owner.get().describe() + ", which is no longer running";
                }
                if (state == LockOwner.State.RUNNING) {
                    return null;
                }
            }
            if (unknownOwnerStale != null && modified.isBefore(Instant.now().minus(unknownOwnerStale))) {
                return owner.map(o -> " of " + o.describe()).orElse("") + ", " + Duration.between(modified, Instant.now()).toMinutes()
                        + " minutes old: a lock whose owner cannot be checked counts as abandoned after "
                        + unknownOwnerStale.toMinutes() + " minutes";
            }
            return null;
        }

        /** Who holds the lock, as far as the file tells. */
        String who() {
            if (owner.isEmpty()) {
                return "another program (the file names no owner)";
            }
            LockOwner o = owner.get();
            return o.describe() + (o.state() == LockOwner.State.RUNNING ? ", which is still running" : "");
        }

        /** What the user can do, for a holder we cannot check. */
        String advice() {
            return owner.isPresent() && owner.get().state() == LockOwner.State.RUNNING ? ""
                    : "; if no mail program is running, remove " + file;
        }

        /** What tells this holder from a later one: the file's content and time. */
        String identity() {
            return modified + " " + new String(head, StandardCharsets.ISO_8859_1);
        }

        /** Removes the lock file if it still is the one judged; true if it was removed. */
        boolean removeIfUnchanged() throws IOException {
            try {
                if (!Arrays.equals(readHead(file), head)) {
                    return false; // released and taken again meanwhile: judge the new holder
                }
                return Files.deleteIfExists(file);
            } catch (NoSuchFileException e) {
                return false;
            }
        }
    }
}
