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
 * at start and removed at stop.
 */
final class SpoolDirectory {

    private static final Logger LOG = LoggerFactory.getLogger(SpoolDirectory.class);

    private SpoolDirectory() {
    }

    /** A new private directory. */
    static Path create() {
        try {
            Path dir;
            try {
                dir = Files.createTempDirectory("mailsync-spool-",
                        PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
            } catch (UnsupportedOperationException e) {
                dir = Files.createTempDirectory("mailsync-spool-");
            }
            dir.toFile().deleteOnExit(); // left only if the JVM dies; empty by then, or nearly
            return dir;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot make a spool directory in " + System.getProperty("java.io.tmpdir"), e);
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
