package org.mailsync.store.maildir;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Set;
import java.util.TreeSet;

import org.mailsync.store.Flag;
import org.mailsync.store.StoreException;
import org.mailsync.store.local.PrivateFiles;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Delivers a message into a Maildir the way the spec's "How a message is delivered"
 * prescribes (https://cr.yp.to/proto/maildir.html): write it to {@code tmp/<unique>}, sync it to
 * disk, then move it into place in one atomic rename, so no reader ever sees a partial message.
 * A message without flags or keywords goes to {@code new/} (new mail to the user's reader); one
 * with them to {@code cur/} with its {@code :2,} info, since the spec reserves info for files in
 * cur/. Keywords get their letters first ({@link MaildirKeywords}).
 */
final class MaildirDelivery {

    private static final Logger LOG = LoggerFactory.getLogger(MaildirFormat.class);

    private final boolean fsync;

    /** @param fsync whether to force the file and the rename to disk (see {@link MaildirFormat}) */
    MaildirDelivery(boolean fsync) {
        this.fsync = fsync;
    }

    /** Delivers the message and returns the path it now has. */
    Path deliver(Path folder, InputStream message, Set<Flag> flags, Set<String> keywords, Instant internalDate)
            throws StoreException {
        String info = MaildirInfo.infoOf(flags == null ? Set.of() : flags, keywordLetters(folder, keywords));
        String unique = UniqueNames.next();
        Path tmp = folder.resolve(MaildirFormat.TMP).resolve(unique);
        Path target = MaildirInfo.letters(info).isEmpty() ? folder.resolve(MaildirFormat.NEW).resolve(unique)
                : folder.resolve(MaildirFormat.CUR).resolve(unique + info);
        try {
            // Open until the file has left tmp/: its lock tells other processes a delivery is
            // in progress (see TmpLeftovers).
            try (FileChannel out = PrivateFiles.newFile(tmp)) {
                TmpLeftovers.claim(out, tmp);
                write(out, message);
                if (internalDate != null) {
                    // The file's mtime is the message's internal date (Dovecot reads it so too);
                    // a rename keeps it.
                    Files.setLastModifiedTime(tmp, FileTime.from(internalDate.truncatedTo(ChronoUnit.SECONDS)));
                }
                // Unique names never repeat, so this only guards against a clock set back
                // together with a reused process id: rename() would silently replace the file.
                if (Files.exists(target)) {
                    throw new IOException("a message named " + unique + " already exists");
                }
                Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE);
            }
            syncDirectory(target.getParent());
        } catch (IOException | RuntimeException e) {
            try {
                Files.deleteIfExists(tmp);
            } catch (IOException cleanup) {
                e.addSuppressed(cleanup);
            }
            throw new StoreException("maildir " + folder + ": cannot append a message: " + e.getMessage(), e);
        }
        return target;
    }

    private static Set<Character> keywordLetters(Path folder, Set<String> keywords) throws StoreException {
        if (keywords == null || keywords.isEmpty()) {
            return Set.of();
        }
        try {
            return new TreeSet<>(MaildirKeywords.allocate(folder, keywords).values());
        } catch (IOException e) {
            throw new StoreException("maildir " + folder + ": cannot record keywords in " + MaildirKeywords.FILE + ": "
                    + e.getMessage(), e);
        }
    }

    private void write(FileChannel out, InputStream message) throws IOException {
        byte[] buf = new byte[64 * 1024];
        int n;
        while ((n = message.read(buf)) >= 0) {
            ByteBuffer chunk = ByteBuffer.wrap(buf, 0, n);
            while (chunk.hasRemaining()) {
                out.write(chunk);
            }
        }
        if (fsync) {
            out.force(true);
        }
    }

    /**
     * Makes the rename itself durable. Best effort: only some platforms let a directory be
     * opened for syncing, and the message is already safely in place for readers.
     */
    private void syncDirectory(Path dir) {
        if (!fsync) {
            return;
        }
        try (FileChannel channel = FileChannel.open(dir, StandardOpenOption.READ)) {
            channel.force(true);
        } catch (IOException | RuntimeException e) {
            LOG.debug("cannot sync directory {}: {}", dir, e.toString());
        }
    }
}
