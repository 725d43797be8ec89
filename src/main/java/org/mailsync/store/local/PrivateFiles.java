package org.mailsync.store.local;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.OpenOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Creates the files and directories that hold mail, private to the user whatever the umask:
 * files rw------- and directories rwx------, as the original mailsync (c-client) and mbsync make
 * them and nmh by default ({@code Msg-Protect: 600}, {@code Folder-Protect: 700}). A mode given
 * at creation never widens anything; it is set again afterwards because the umask may also have
 * taken bits the owner needs. Files and directories that already exist keep their modes: a user
 * who shares an archive on purpose keeps it shared. On file systems without POSIX permissions
 * the system's defaults apply.
 */
public final class PrivateFiles {

    private static final Set<PosixFilePermission> FILE = PosixFilePermissions.fromString("rw-------");
    private static final Set<PosixFilePermission> DIRECTORY = PosixFilePermissions.fromString("rwx------");

    private PrivateFiles() {
    }

    /**
     * Opens a new file for writing, rw-------.
     *
     * @throws FileAlreadyExistsException if the path exists
     */
    public static FileChannel newFile(Path file, OpenOption... moreOptions) throws IOException {
        Set<OpenOption> options = new HashSet<>(List.of(StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE));
        options.addAll(List.of(moreOptions));
        FileChannel ch = FileChannel.open(file, options, attributes(file, FILE));
        try {
            setExactly(file, FILE);
            return ch;
        } catch (IOException | RuntimeException e) {
            ch.close();
            Files.deleteIfExists(file);
            throw e;
        }
    }

    /**
     * Creates a new empty file, rw-------.
     *
     * @throws FileAlreadyExistsException if the path exists
     */
    public static void createFile(Path file) throws IOException {
        newFile(file).close();
    }

    /**
     * Creates a new directory, rwx------.
     *
     * @throws FileAlreadyExistsException if the path exists
     */
    public static void createDirectory(Path dir) throws IOException {
        Files.createDirectory(dir, attributes(dir, DIRECTORY));
        setExactly(dir, DIRECTORY);
    }

    /**
     * Creates a directory and those of its parents that are missing, each rwx------; like
     * {@link Files#createDirectories}, an existing directory is fine and left as it is.
     */
    public static void createDirectories(Path dir) throws IOException {
        Deque<Path> missing = new ArrayDeque<>();
        for (Path p = dir.toAbsolutePath(); p != null && !Files.isDirectory(p); p = p.getParent()) {
            missing.push(p);
        }
        for (Path p : missing) {
            try {
                createDirectory(p);
            } catch (FileAlreadyExistsException e) {
                if (!Files.isDirectory(p)) {
                    throw e;
                }
                // made by someone else meanwhile: theirs, with their mode
            }
        }
    }

    private static FileAttribute<?>[] attributes(Path path, Set<PosixFilePermission> mode) {
        return isPosix(path) ? new FileAttribute<?>[] {PosixFilePermissions.asFileAttribute(mode)} : new FileAttribute<?>[0];
    }

    private static void setExactly(Path path, Set<PosixFilePermission> mode) throws IOException {
        if (isPosix(path)) {
            Files.setPosixFilePermissions(path, mode);
        }
    }

    private static boolean isPosix(Path path) {
        return path.getFileSystem().supportedFileAttributeViews().contains("posix");
    }
}
