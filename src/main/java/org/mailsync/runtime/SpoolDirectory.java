package org.mailsync.runtime;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Comparator;
import java.util.stream.Stream;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Where the copy route spools messages over the stream-caching threshold: a directory of this
 * process's own under {@code java.io.tmpdir}, readable by its user only (it holds mail), made
 * at start and removed at stop. Its name carries the pid ({@code mailsync-spool-PID-...}), so
 * that the directories of runs that were killed — whole copies of big messages in them — are
 * removed by the next run of the same user.
 */
final class SpoolDirectory {

    private static final Logger LOG = LoggerFactory.getLogger(SpoolDirectory.class);

    private SpoolDirectory() {
    }

    private static final String PREFIX = "mailsync-spool-";

    /** A new private directory; the directories of this user's dead runs are removed first. */
    static Path create() {
        removeAbandoned(Path.of(System.getProperty("java.io.tmpdir")));
        try {
            Path dir;
            String prefix = PREFIX + ProcessHandle.current().pid() + "-";
            try {
                dir = Files.createTempDirectory(prefix,
                        PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
            } catch (UnsupportedOperationException e) {
                dir = Files.createTempDirectory(prefix);
            }
            dir.toFile().deleteOnExit(); // left only if the JVM dies; empty by then, or nearly
            return dir;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot make a spool directory in " + System.getProperty("java.io.tmpdir"), e);
        }
    }

    /**
     * Removes the spool directories of runs of this user that are no longer running (killed:
     * a stopped run removes its own). A directory whose pid is running, or not this user's, is
     * left alone.
     */
    static void removeAbandoned(Path tmp) {
        String user = System.getProperty("user.name");
        try (Stream<Path> dirs = Files.list(tmp)) {
            for (Path dir : (Iterable<Path>) dirs::iterator) {
                String name = dir.getFileName().toString();
                if (!name.startsWith(PREFIX) || !Files.isDirectory(dir, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
                    continue;
                }
                String[] parts = name.substring(PREFIX.length()).split("-", 2);
                long pid;
                try {
                    pid = Long.parseLong(parts[0]);
                } catch (NumberFormatException e) {
                    continue; // not one of ours
                }
                if (ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false)
                        || !user.equals(Files.getOwner(dir, java.nio.file.LinkOption.NOFOLLOW_LINKS).getName())) {
                    continue;
                }
                LOG.debug("removing the spool directory {} of a run that is gone", dir);
                delete(dir);
            }
        } catch (IOException | RuntimeException e) {
            LOG.debug("cannot look for abandoned spool directories in {}: {}", tmp, e.toString());
        }
    }

    /** Removes the directory and whatever was left in it. */
    static void delete(Path dir) {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path p : (Iterable<Path>) paths.sorted(Comparator.reverseOrder())::iterator) {
                Files.deleteIfExists(p);
            }
        } catch (IOException e) {
            LOG.warn("cannot remove the spool directory {}: {}", dir, e.getMessage());
        }
    }
}
