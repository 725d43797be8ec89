package org.mailsync.store.local;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Removes the private scratch files a mailsync process killed at the wrong moment left beside
 * a folder: files named {@code PREFIX<pid>[-<n>]SUFFIX} whose process no longer runs (an mbox
 * rewrite's copy, a dot-lock's owner line written before it is linked into place). A scratch
 * file of a running process, ours included, is never touched.
 */
public final class DeadPidLeftovers {

    private DeadPidLeftovers() {
    }

    /**
     * Removes the dead processes' scratch files of one name pattern in a directory.
     *
     * @return how many were removed
     */
    public static int remove(Path dir, String prefix, String suffix) throws IOException {
        int removed = 0;
        // a filter, not a glob: folder names may hold glob characters
        DirectoryStream.Filter<Path> scratch = p -> {
            String n = p.getFileName().toString();
            return n.length() > prefix.length() + suffix.length() && n.startsWith(prefix) && n.endsWith(suffix);
        };
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(dir, scratch)) {
            for (Path entry : entries) {
                String name = entry.getFileName().toString();
                String tail = name.substring(prefix.length(), name.length() - suffix.length());
                int dash = tail.indexOf('-');
                String pid = dash < 0 ? tail : tail.substring(0, dash);
                if (!pid.isEmpty() && pid.length() < 19 && pid.chars().allMatch(Character::isDigit)
                        && !LockOwner.isRunning(Long.parseLong(pid)) && Files.deleteIfExists(entry)) {
                    removed++;
                }
            }
        }
        return removed;
    }
}
