package org.mailsync.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A run spools big messages into a private directory named with its pid; the directories of
 * killed runs (whole copies of messages in them) are removed by the next run, never those of
 * runs still going or of names that are not ours.
 */
class SpoolDirectoryTest {

    @TempDir
    Path tmp;

    @Test
    void aKilledRunsSpoolDirectoryIsRemovedAndALiveOnesIsKept() throws Exception {
        Process gone = new ProcessBuilder("true").start();
        gone.waitFor();
        Path dead = Files.createDirectory(tmp.resolve("mailsync-spool-" + gone.pid() + "-123"));
        Files.write(dead.resolve("cos1.tmp"), new byte[4096]);
        Path alive = Files.createDirectory(tmp.resolve("mailsync-spool-" + ProcessHandle.current().pid() + "-456"));
        Path foreign = Files.createDirectory(tmp.resolve("mailsync-spool-notapid"));

        SpoolDirectory.removeAbandoned(tmp);

        assertThat(dead).doesNotExist();
        assertThat(alive).isDirectory();
        assertThat(foreign).isDirectory();
    }

    @Test
    void theRunsOwnDirectoryIsPrivateAndCarriesItsPid() throws Exception {
        Path dir = SpoolDirectory.create();
        try {
            assertThat(dir.getFileName().toString()).startsWith("mailsync-spool-" + ProcessHandle.current().pid() + "-");
            assertThat(java.nio.file.attribute.PosixFilePermissions.toString(Files.getPosixFilePermissions(dir)))
                    .isEqualTo("rwx------");
        } finally {
            SpoolDirectory.delete(dir);
        }
        assertThat(dir).doesNotExist();
    }
}
