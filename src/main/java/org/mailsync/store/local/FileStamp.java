package org.mailsync.store.local;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * What one {@code stat(2)} of a file tells about it, and the stamp a local store keeps in a
 * {@linkplain org.mailsync.store.FolderSnapshot folder snapshot} to tell next time, without
 * reading the file, that its bytes have not changed: device, inode, size, modification and
 * change time, the latter two in nanoseconds.
 *
 * <p>The change time (ctime) is what makes the stamp safe: every write, rename, {@code chmod}
 * and {@code utime} moves it to the kernel's current time, and no program can set it back. A
 * file rewritten in place with the same size and its old mtime restored (a mail program that
 * keeps dates, or a clock set back) still gets a new ctime. Without it there is no stamp.
 *
 * <p>The stamp is read with {@code Files.readAttributes(file, "unix:isRegularFile,dev,ino,size,
 * lastModifiedTime,ctime")}, the only JDK view with the ctime. It is still one {@code stat(2)},
 * but the JDK parses the attribute names and fills a map on every call: over 100,000 Maildir
 * files on ext4 (warm cache, a shared two-core VM, best runs) a listing with it took 0.38 to
 * 0.64 s against 0.23 to 0.33 s with {@link BasicFileAttributes} (readdir alone: 0.05 s), about
 * 1.5 µs more per file. That is paid gladly: without the ctime a file rewritten with the same
 * size and its mtime set back would pass for unchanged. The listing that finds the files needs
 * this one stat anyway (to skip what is not a regular file), so no second one is made.
 *
 * <p><b>Racy stamps.</b> File times come from a clock that ticks coarsely (a jiffy on Linux, a
 * second on ext3 and HFS+, two on FAT), so a file changed again within the tick after we looked
 * at it keeps the ctime we recorded. Like git's "racily clean" index entries, a stamp is
 * therefore only given to a file whose ctime lies more than a settle time ({@link #SETTLE_TIME}
 * by default) before the index started; a file changed since is read again next time. A
 * network file system whose server clock is behind ours by more than that weakens the rule.
 *
 * @param regularFile whether the file is a regular file (links followed)
 * @param device      the file system's device number ({@code st_dev}), or -1 if unknown
 * @param inode       the inode number ({@code st_ino}), or -1 if unknown
 * @param size        the size in bytes
 * @param modified    the modification time, as the file system keeps it
 * @param ctimeNanos  the change time in nanoseconds since the epoch, or {@link Long#MIN_VALUE}
 *                    where the platform has no {@code unix} attribute view
 */
public record FileStamp(boolean regularFile, long device, long inode, long size, FileTime modified, long ctimeNanos) {

    /**
     * How long before an index started a file must have last changed for its stamp to be kept:
     * more than the coarsest time stamp granularity of the file systems mail lives on.
     */
    public static final Duration SETTLE_TIME = Duration.ofSeconds(2);

    /**
     * The settle time for a file whose ctime has a sub-second part, which proves its file
     * system keeps fine times (ext4, XFS, btrfs, tmpfs: nanoseconds, advanced by the kernel's
     * coarse clock, a jiffy of at most 10 ms). Without this, every message a sync has just
     * copied would be read again by the next run, since the run indexes its folders right after
     * writing them.
     */
    public static final Duration FINE_SETTLE_TIME = Duration.ofMillis(50);

    private static final String UNIX_ATTRIBUTES = "unix:isRegularFile,dev,ino,size,lastModifiedTime,ctime";

    /**
     * Stats a file, following symbolic links.
     *
     * @throws java.nio.file.NoSuchFileException if it is gone (moved or removed since listed)
     */
    public static FileStamp of(Path file) throws IOException {
        Map<String, Object> a;
        try {
            a = Files.readAttributes(file, UNIX_ATTRIBUTES);
        } catch (UnsupportedOperationException | IllegalArgumentException noUnixView) {
            BasicFileAttributes b = Files.readAttributes(file, BasicFileAttributes.class);
            return new FileStamp(b.isRegularFile(), -1, -1, b.size(), b.lastModifiedTime(), Long.MIN_VALUE);
        }
        return new FileStamp((Boolean) a.get("isRegularFile"), (Long) a.get("dev"), (Long) a.get("ino"), (Long) a.get("size"),
                (FileTime) a.get("lastModifiedTime"), ((FileTime) a.get("ctime")).to(TimeUnit.NANOSECONDS));
    }

    /** Whether device, inode and ctime are known, that is whether this can validate anything. */
    public boolean checkable() {
        return ctimeNanos != Long.MIN_VALUE && inode >= 0;
    }

    /** The modification time in nanoseconds since the epoch. */
    public long modifiedNanos() {
        return modified.to(TimeUnit.NANOSECONDS);
    }

    /**
     * Whether the file last changed more than {@code settle} before {@code indexStart}, so that
     * any later change must give it another ctime (see the class comment). A ctime with a
     * sub-second part shows a file system with fine times: then {@link #FINE_SETTLE_TIME} is
     * enough (a whole-second ctime is taken for a coarse one, and is wrong only once in a
     * billion, on the safe side).
     */
    public boolean settledBefore(Instant indexStart, Duration settle) {
        if (!checkable()) {
            return false;
        }
        Duration effective = ctimeNanos % 1_000_000_000L != 0 && settle.compareTo(FINE_SETTLE_TIME) > 0
                ? FINE_SETTLE_TIME : settle;
        Instant limit = indexStart.minus(effective);
        long limitNanos = limit.getEpochSecond() * 1_000_000_000L + limit.getNano();
        return ctimeNanos < limitNanos;
    }

    /**
     * The stamp of a message file, {@code dev:ino:size:mtimeNs:ctimeNs}, or null when the file
     * cannot be checked or changed too recently to be trusted ({@link #settledBefore}): an entry
     * without a stamp is read again next time.
     */
    public String messageStamp(Instant indexStart, Duration settle) {
        if (!settledBefore(indexStart, settle)) {
            return null;
        }
        return device + ":" + inode + ":" + size + ":" + modifiedNanos() + ":" + ctimeNanos;
    }
}
