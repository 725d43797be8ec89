package org.mailsync.store.mh;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.UUID;

import org.mailsync.store.local.PrivateFiles;

/**
 * Writes an MH folder's files so that a crash leaves each whole: a message file or
 * {@code .mh_sequences} is written and synced under a dot-named temporary name (never taken for
 * a message) and only then given its name; and reads {@code .mh_sequences} for a change made
 * under {@link MhSequencesLock}.
 */
final class MhFolderFiles {

    private MhFolderFiles() {
    }

    static MhSequences readSequences(Path folder) throws IOException {
        try {
            return MhSequences.parse(Files.readAllBytes(folder.resolve(MhFormat.SEQUENCES)));
        } catch (NoSuchFileException e) {
            return MhSequences.empty();
        }
    }

    /** Replaces {@code .mh_sequences} atomically: a temporary file, fsynced, renamed over it. */
    static void writeSequences(Path folder, MhSequences seqs) throws IOException {
        Path temp = folder.resolve(MhFormat.TEMP_PREFIX + "seq-" + UUID.randomUUID());
        try {
            writeSynced(temp, new ByteArrayInputStream(seqs.toBytes()));
            keepMode(folder.resolve(MhFormat.SEQUENCES), temp);
            Files.move(temp, folder.resolve(MhFormat.SEQUENCES), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            syncDirectory(folder);
        } finally {
            Files.deleteIfExists(temp);
        }
    }

    /** Gives the replacement of an existing file that file's mode (a new one stays private). */
    static void keepMode(Path existing, Path replacement) throws IOException {
        try {
            Files.setPosixFilePermissions(replacement, Files.getPosixFilePermissions(existing));
        } catch (NoSuchFileException | UnsupportedOperationException e) {
            // no file yet, or no POSIX modes: the replacement keeps what it was created with
        }
    }

    static void writeSynced(Path file, InputStream content) throws IOException {
        try (FileChannel ch = PrivateFiles.newFile(file)) {
            OutputStream out = Channels.newOutputStream(ch);
            content.transferTo(out);
            ch.force(true);
        }
    }

    /** Makes a rename or link durable; not every platform lets a directory be opened, so best effort. */
    static void syncDirectory(Path dir) {
        try (FileChannel ch = FileChannel.open(dir, StandardOpenOption.READ)) {
            ch.force(true);
        } catch (IOException | UnsupportedOperationException ignored) {
            // the data itself is synced; only the name's durability is left to the file system
        }
    }

    /** Gives the temporary file the next free message number; the caller holds the folder lock. */
    static int link(Path folder, Path temp) throws IOException {
        List<Integer> numbers = MhFormat.messageNumbers(folder);
        long next = numbers.isEmpty() ? 1 : numbers.get(numbers.size() - 1) + 1L;
        for (int attempt = 0; attempt < 1000 && next <= Integer.MAX_VALUE; attempt++, next++) {
            Path target = folder.resolve(Long.toString(next));
            try {
                try {
                    Files.createLink(target, temp);
                } catch (UnsupportedOperationException noLinks) {
                    Files.move(temp, target);
                }
                syncDirectory(folder);
                return (int) next;
            } catch (FileAlreadyExistsException taken) {
                // a concurrent writer took this number: take the next one
            } catch (FileSystemException e) {
                if (e instanceof NoSuchFileException) {
                    throw e;
                }
                // Some file systems (FAT, some network mounts) refuse hard links with EPERM.
                if (!Files.exists(target, LinkOption.NOFOLLOW_LINKS)) {
                    Files.move(temp, target);
                    syncDirectory(folder);
                    return (int) next;
                }
            }
        }
        throw new IOException("no free message number after " + numbers.size() + " messages");
    }
}
