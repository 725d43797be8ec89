package org.mailsync.store.maildir;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * Another process for {@link MaildirTmpCleanupTest}, holding or probing the fcntl lock on a
 * Maildir {@code tmp/} file as only another process can (within one JVM, POSIX locks do not
 * conflict): {@code hold FILE} locks the file as a delivering mailsync does, prints
 * {@code held} and keeps the lock until its input ends (or it is killed); {@code try FILE}
 * prints {@code busy} if some process holds a lock on the file, else {@code free}.
 */
public final class TmpFileLockHolder {

    private TmpFileLockHolder() {
    }

    public static void main(String[] args) throws IOException {
        Path file = Path.of(args[1]);
        if (args[0].equals("hold")) {
            try (FileChannel ch = FileChannel.open(file, StandardOpenOption.WRITE);
                 FileLock lock = ch.lock()) {
                System.out.println("held");
                System.out.flush();
                System.in.read();
            }
            return;
        }
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ);
             FileLock lock = ch.tryLock(0, Long.MAX_VALUE, true)) {
            System.out.println(lock == null ? "busy" : "free");
        }
    }
}
