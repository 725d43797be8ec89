package org.mailsync.store.local;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
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
    private final String kind;
    // An order-free digest (directory order is not part of the content): per file two
    // independent 64-bit hashes of its label and stamp, summed (and one xor-ed) over the files.
    // No strings, no sorting, no SHA: this runs once per message file on every sync.
    private long sum1;
    private long sum2;
    private long xor3;
    private long files;
    private boolean unknown;

    /**
     * @param kind   the store kind and version ({@code "maildir/1"}): fingerprints of different
     *               kinds never compare equal
     * @param settle the settle time of the folder's format
     */
    public FolderFingerprint(String kind, Duration settle) {
        this.kind = kind;
        this.settle = settle;
    }

    /** Adds one file by a label of its own; a missing file counts too (as missing). */
    public FolderFingerprint file(String label, Path file) throws IOException {
        try {
            add(label, null, FileStamp.of(file));
        } catch (NoSuchFileException e) {
            add(label, null, null);
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
                    add(label, name, stamp);
                }
            }
        }
        return this;
    }

    private void add(String label, String name, FileStamp stamp) {
        if (stamp != null && !stamp.settledBefore(start, settle)) {
            unknown = true;
            return;
        }
        long h1 = 0x9E3779B97F4A7C15L;
        long h2 = 0xC2B2AE3D27D4EB4FL;
        for (String part : name == null ? new String[] {label} : new String[] {label, "/", name}) {
            for (int i = 0; i < part.length(); i++) {
                char c = part.charAt(i);
                h1 = (h1 ^ c) * 0x100000001B3L;
                h2 = Long.rotateLeft(h2 ^ c, 23) * 0x9FB21C651E98DF25L;
            }
        }
        long[] values = stamp == null ? new long[] {-1}
                : new long[] {stamp.device(), stamp.inode(), stamp.size(), stamp.modifiedNanos(), stamp.ctimeNanos()};
        for (long v : values) {
            h1 = mix(h1 ^ v);
            h2 = mix(h2 + v * 0xD6E8FEB86659FD93L);
        }
        sum1 += h1;
        sum2 += h2;
        xor3 ^= mix(h1 ^ Long.rotateLeft(h2, 32));
        files++;
    }

    /** splitmix64's finaliser: every input bit moves every output bit. */
    private static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    /**
     * A folder's fingerprint computed by {@code compute}, or in a process that watches folders
     * ({@link FolderWatches}, the daemon) the one kept from before while the kernel reported no
     * change in {@code dirs}.
     */
    public static String of(Path folder, List<Path> dirs, FolderWatches.Computation compute) throws IOException {
        FolderWatches watches = FolderWatches.active();
        return watches == null ? compute.run() : watches.fingerprint(folder, dirs, compute);
    }

    /** The fingerprint, or null when some file changed too recently to vouch for it. */
    public String result() {
        if (unknown) {
            return null;
        }
        return kind + " " + files + " " + Long.toHexString(sum1) + Long.toHexString(sum2) + Long.toHexString(xor3);
    }
}
