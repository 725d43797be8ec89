package org.mailsync.store.local;

import static org.mailsync.store.local.EquivalentIndexes.assertEquivalent;

import java.nio.file.Path;
import java.util.function.LongSupplier;

import org.mailsync.store.FolderSnapshot;
import org.mailsync.store.StoreException;

/**
 * Indexes one folder of a local format with a snapshot, as a sync does, checks each time that
 * the result lists what a full index lists ({@link EquivalentIndexes}), and counts what that
 * index read by the format's own counter (message files opened, or bytes): tests run as root,
 * so an unreadable file would prove nothing.
 */
public final class IncrementalIndexProbe {

    private final FolderFormat format;
    private final Path folder;
    private final LongSupplier counter;
    private long reads;

    /**
     * @param counter the format's count of what it read so far, such as {@code format::headersRead}
     */
    public IncrementalIndexProbe(FolderFormat format, Path folder, LongSupplier counter) {
        this.format = format;
        this.folder = folder;
        this.counter = counter;
    }

    /** An index with {@code previous} (null: none), which must equal a full index. */
    public FolderSnapshot index(FolderSnapshot previous) throws StoreException {
        long before = counter.getAsLong();
        FolderSnapshot snapshot = format.index(folder, previous);
        reads = counter.getAsLong() - before;
        assertEquivalent(snapshot.metas(), format.index(folder));
        return snapshot;
    }

    /** What the last {@link #index} read. */
    public long reads() {
        return reads;
    }

    /** What an {@link #index} with {@code previous} reads. */
    public long readsFor(FolderSnapshot previous) throws StoreException {
        index(previous);
        return reads;
    }
}
