package org.mailsync.store.local;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HexFormat;
import java.util.List;
import java.util.function.Predicate;

/**
 * Builds a local folder's fingerprint ({@link org.mailsync.store.MailStore#fingerprint}): a
 * digest over the name and {@link FileStamp} (device, inode, size, mtime and ctime in ns) of
 * every file its index reads. Any change a writer can make to such a file (a new name, a rename,
 * new bytes even under the old size and mtime, which still move the ctime) gives another
 * fingerprint; so does a file added or removed.
 *
 * <p>A file that changed within the settle time before the fingerprint was started cannot be
 * vouched for (a second change in the same clock tick would keep its times): the fingerprint
 * is then "unknown" (null), as for {@link FileStamp#messageStamp}, and the folder is indexed.
 *
 * <p>It costs a {@code readdir} and a {@code stat} per file, no reading: about as much as
 * listing the folder.
 */
public final class FolderFingerprint {

    private final Instant start = Instant.now();
    private final Duration settle;
    private final List<String> lines = new ArrayList<>();
    private boolean unknown;

    /**
     * @param kind   the store kind and version ({@code "maildir/1"}): fingerprints of different
     *               kinds never compare equal
     * @param settle the settle time of the folder's format
     */
    public FolderFingerprint(String kind, Duration settle) {
        this.settle = settle;
        lines.add("\u0000" + kind);
    }

    /** Adds one file by a label of its own; a missing file counts too (as missing). */
    public FolderFingerprint file(String label, Path file) throws IOException {
        try {
            add(label, FileStamp.of(file));
        } catch (NoSuchFileException e) {
            lines.add(label + " -");
        }
        return this;
    }

    /**
     * Adds every regular file of a directory whose name passes the filter, under
     * {@code label/name}; subdirectories are not entered.
     */
    public FolderFingerprint directory(String label, Path dir, Predicate<String> include) throws IOException {
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(dir)) {
            for (Path entry : entries) {
                String name = entry.getFileName().toString();
                if (!include.test(name)) {
                    continue;
                }
                FileStamp stamp;
                try {
                    stamp = FileStamp.of(entry);
                } catch (NoSuchFileException e) {
                    unknown = true; // moved while we looked: no fingerprint this time
                    continue;
                }
                if (stamp.regularFile()) {
                    add(label + "/" + name, stamp);
                }
            }
        }
        return this;
    }

    private void add(String label, FileStamp stamp) {
        String s = stamp.messageStamp(start, settle);
        if (s == null) {
            unknown = true;
        }
        lines.add(label + " " + s);
    }

    /** The fingerprint, or null when some file changed too recently to vouch for it. */
    public String result() {
        if (unknown) {
            return null;
        }
        Collections.sort(lines); // directory order is not part of the content
        MessageDigest sha;
        try {
            sha = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
        for (String line : lines) {
            sha.update(line.getBytes(StandardCharsets.UTF_8));
            sha.update((byte) '\n');
        }
        return lines.get(0).substring(1) + " " + (lines.size() - 1) + " " + HexFormat.of().formatHex(sha.digest());
    }
}
