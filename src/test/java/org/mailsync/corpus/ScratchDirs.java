package org.mailsync.corpus;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.extension.AnnotatedElementContext;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.io.TempDirFactory;

/**
 * Temporary directories on {@code /dev/shm} where there is one: every local store forces each
 * delivered message to disk, which costs milliseconds a message on a real disk and nothing on
 * tmpfs, and the round trips deliver thousands. Elsewhere the default temporary directory.
 */
public final class ScratchDirs implements TempDirFactory {

    @Override
    public Path createTempDirectory(AnnotatedElementContext element, ExtensionContext extension) throws IOException {
        Path shm = Path.of("/dev/shm");
        if (Files.isDirectory(shm) && Files.isWritable(shm)) {
            return Files.createTempDirectory(shm, "mailsync-corpus-");
        }
        return Files.createTempDirectory("mailsync-corpus-");
    }
}
