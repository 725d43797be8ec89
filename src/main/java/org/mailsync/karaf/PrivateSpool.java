package org.mailsync.karaf;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Comparator;
import java.util.stream.Stream;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Where a daemon's copy route spools messages over the stream-caching threshold: a new
 * directory, readable by Karaf's user only (it holds mail), in the bundle's data area, made
 * when the daemon starts and removed when it stops; what a killed Karaf left there is removed
 * at the next start.
 */
public final class PrivateSpool {

    private static final Logger LOG = LoggerFactory.getLogger(PrivateSpool.class);
    private static final String PREFIX = "spool-";

    private PrivateSpool() {
    }

    /** A new private directory in {@code area}; earlier spools there are removed first. */
    public static Path create(Path area) throws IOException {
        Files.createDirectories(area);
        try (Stream<Path> old = Files.list(area)) {
            old.filter(p -> p.getFileName().toString().startsWith(PREFIX)).forEach(PrivateSpool::delete);
        }
        try {
            return Files.createTempDirectory(area, PREFIX,
                    PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        } catch (UnsupportedOperationException e) {
            return Files.createTempDirectory(area, PREFIX);
        }
    }

    /** Removes a spool directory and what is in it; a failure is logged. */
    public static void delete(Path spool) {
        if (!Files.exists(spool)) {
            return; // Camel removes an empty spool directory when its context stops
        }
        try (Stream<Path> paths = Files.walk(spool)) {
            for (Path p : (Iterable<Path>) paths.sorted(Comparator.reverseOrder())::iterator) {
                Files.deleteIfExists(p);
            }
        } catch (IOException e) {
            LOG.warn("cannot remove the spool directory {}: {}", spool, e.getMessage());
        }
    }
}
