package org.mailsync.msinfo;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.AccessDeniedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Java's file exceptions name only the file; the errors about state files say why. */
class MsinfoProblemsTest {

    @TempDir
    Path dir;

    @Test
    void eachFileErrorSaysWhy() throws Exception {
        Path lock = dir.resolve("state/.msinfo.lock");
        assertThat(MsinfoProblems.reason(new AccessDeniedException(lock.toString()), lock)).isEqualTo("permission denied");
        assertThat(MsinfoProblems.reason(new AccessDeniedException(dir.toString()), lock))
                .isEqualTo("permission denied (" + dir + ")");
        assertThat(MsinfoProblems.reason(new FileSystemException(lock.toString(), null, "Read-only file system"), lock))
                .isEqualTo("read-only file system");

        Path blocker = Files.writeString(dir.resolve("state"), "a file");
        assertThat(MsinfoProblems.reason(new FileAlreadyExistsException(blocker.toString()), lock))
                .isEqualTo(blocker + " is not a directory");
        Path deeper = dir.resolve("state/sub/.msinfo.lock");
        assertThat(MsinfoProblems.reason(new FileSystemException(dir.resolve("state/sub").toString(), null, "Not a directory"), deeper))
                .isEqualTo(blocker + " is not a directory");
    }
}
