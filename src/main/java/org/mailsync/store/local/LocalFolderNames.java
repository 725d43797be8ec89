package org.mailsync.store.local;

import java.nio.charset.StandardCharsets;
import java.nio.file.InvalidPathException;

/**
 * What a local file system cannot hold as one level of a folder's name, checked before the name
 * becomes a path, so that such a folder is refused by name instead of failing half-way with the
 * file system's own words ("File name too long"), or, worse, turning into another path. Local
 * folder names are Java strings written to disk in the platform's file name encoding, UTF-8 on
 * any current Linux or macOS: {@code Entwürfe} is the directory {@code Entwürfe}, never the
 * modified UTF-7 {@code Entw&APw-rfe} of IMAP's wire (RFC 3501 section 5.1.3), which the IMAP
 * store decodes.
 */
public final class LocalFolderNames {

    /**
     * The longest file name: NAME_MAX of Linux file systems (ext4, XFS, Btrfs, tmpfs), in bytes
     * of the name's UTF-8 form, as the kernel counts it, not in characters.
     */
    public static final int MAX_NAME_BYTES = 255;

    private LocalFolderNames() {
    }

    /**
     * Why a file name cannot be a level of a local folder, or null when it can. A {@code ..}
     * level would leave its parent (and the store's root at the top); a NUL ends a name for the
     * kernel, so the name on disk would be another one.
     *
     * @param fileName one level: the part of a folder name between delimiters
     * @return the reason, to follow "it" in a message ("is \"..\""), or null
     */
    public static String refusal(String fileName) {
        return refusal(fileName, MAX_NAME_BYTES);
    }

    /**
     * As {@link #refusal(String)}, for a name that must leave room in its directory for files
     * named after it ({@link FolderFormat#siblingNameBytes()}).
     *
     * @param maxBytes the longest name allowed, in UTF-8 bytes
     */
    public static String refusal(String fileName, int maxBytes) {
        if (fileName.equals("..")) {
            return "is \"..\", the parent directory";
        }
        if (fileName.indexOf('\0') >= 0) {
            return "holds a NUL character, which no file name can";
        }
        int bytes = fileName.getBytes(StandardCharsets.UTF_8).length;
        if (bytes > maxBytes) {
            return "is " + bytes + " bytes long in UTF-8, more than the " + maxBytes + (maxBytes == MAX_NAME_BYTES
                    ? " a file name can have"
                    : " a folder's name can have here (a file name's " + MAX_NAME_BYTES + ", less room for the lock and journal"
                            + " files kept beside an mbox)");
        }
        return null;
    }

    /**
     * Why a name could not become a path: the platform's file name encoding cannot hold it. It
     * happens to a JVM started in a non-UTF-8 locale ({@code LANG=C} on JDK 17), where every
     * non-ASCII name fails so.
     */
    public static String unencodable(InvalidPathException e) {
        return "it cannot be encoded as a file name here (" + e.getReason() + "; is the locale UTF-8?)";
    }

    /** A folder name as messages show it: a NUL as {@code \0}, as printed it would be invisible. */
    public static String shown(String folder) {
        return folder.replace("\0", "\\0");
    }
}
