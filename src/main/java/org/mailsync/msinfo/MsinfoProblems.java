package org.mailsync.msinfo;

import java.nio.file.AccessDeniedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Locale;

import org.sqlite.SQLiteErrorCode;
import org.sqlite.SQLiteException;

/**
 * The words for what can be wrong with a channel's state files, so that every such error names
 * the file, the reason and the way out. Java's file exceptions name only the file ({@code
 * AccessDeniedException: /home/u/.msinfo.lock}); these say why.
 */
public final class MsinfoProblems {

    /** What deleting (or moving aside) a channel's msinfo does: the documented recovery. */
    public static final String FIRST_RUN = "the next run then syncs the channel as a first run, copying what either side"
            + " lacks and deleting nothing (mail deleted since the last good run comes back)";

    private MsinfoProblems() {
    }

    /**
     * Why an operation on {@code subject} failed, in words: "permission denied", "/x is not a
     * directory", "read-only file system", ... naming the path at fault when it is not the
     * subject itself.
     */
    public static String reason(Exception e, Path subject) {
        if (e instanceof FileSystemException fse) {
            Path other = fse.getFile() == null ? null : Path.of(fse.getFile());
            String at = other == null || other.equals(subject) ? "" : " (" + other + ")";
            if (e instanceof AccessDeniedException) {
                return "permission denied" + at;
            }
            if (e instanceof NoSuchFileException) {
                return "no such file or directory" + at;
            }
            Path blocker = notADirectory(subject);
            if (blocker != null && (e instanceof FileAlreadyExistsException
                    || "Not a directory".equalsIgnoreCase(fse.getReason()))) {
                return blocker + " is not a directory";
            }
            if (e instanceof FileAlreadyExistsException) {
                return (other != null ? other : subject) + " already exists";
            }
            if (fse.getReason() != null) {
                return lowerFirst(fse.getReason()) + at;
            }
        }
        return e.getMessage() != null ? e.getMessage() : e.toString();
    }


    /** The error for a database SQLite says is not sound, with the way out. */
    static MsinfoException damaged(Path file, String detail) {
        return new MsinfoException("msinfo " + file + " is damaged (" + detail + "). To recover, delete it or move it aside"
                + " (its -wal and -shm may stay; they are set aside, not applied): " + MsinfoProblems.FIRST_RUN + ".");
    }

    /**
     * An SQL failure as an error naming the file: the damaged-msinfo error if SQLite found the
     * database corrupt or not a database at all, the reason and the way out if it could not be
     * opened or written for want of permission.
     */
    static MsinfoException failure(String what, Path file, Throwable e) {
        SQLiteErrorCode code = null;
        for (Throwable t = e; t != null && code == null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof SQLiteException sqlite) {
                code = sqlite.getResultCode();
            }
        }
        if (code != null) {
            String name = code.name();
            if (name.startsWith("SQLITE_CORRUPT") || code == SQLiteErrorCode.SQLITE_NOTADB) {
                MsinfoException damaged = damaged(file,
                        code == SQLiteErrorCode.SQLITE_NOTADB ? "not a database" : "database disk image is malformed");
                damaged.initCause(e);
                return damaged;
            }
            if (name.startsWith("SQLITE_READONLY") || name.startsWith("SQLITE_CANTOPEN") || code == SQLiteErrorCode.SQLITE_PERM
                    || code == SQLiteErrorCode.SQLITE_AUTH) {
                return new MsinfoException(what + ": " + describe(e) + "; mailsync must be able to read and write it and to"
                        + " create " + file.getFileName() + "-wal and " + file.getFileName() + "-shm beside it", e);
            }
        }
        return new MsinfoException(what + ": " + describe(e), e);
    }

    /** The message of an exception's root cause. */
    static String describe(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root.getMessage() == null ? root.toString() : root.getMessage();
    }

    /** The nearest existing ancestor of a path if it is not a directory (a file where a directory should be). */
    private static Path notADirectory(Path path) {
        for (Path p = path.toAbsolutePath().getParent(); p != null; p = p.getParent()) {
            if (Files.exists(p)) {
                return Files.isDirectory(p) ? null : p;
            }
        }
        return null;
    }

    private static String lowerFirst(String s) {
        return s.isEmpty() ? s : s.substring(0, 1).toLowerCase(Locale.ROOT) + s.substring(1);
    }
}
