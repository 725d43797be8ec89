package org.mailsync.route;

import org.mailsync.job.StoreSide;
import org.mailsync.msinfo.CachedIndex;
import org.mailsync.sync.FolderIndex;

/**
 * One folder indexed through the index cache: the index the planner gets, the cache this run
 * loaded for the folder and the one it made, which the commit keeps for the next run.
 *
 * @param side   the store side
 * @param folder the store's native folder name
 * @param index  the folder's index
 * @param loaded the cache as loaded from the state, or null
 * @param made   the cache made by this index (the store's new snapshot and the digests)
 */
public record IndexCacheUse(StoreSide side, String folder, FolderIndex index, CachedIndex loaded, CachedIndex made) {

    /** The exchange property holding a folder pair's {@link Pair}. */
    public static final String PROPERTY = "mailsyncIndexCache";

    /**
     * Both sides of a folder pair, either null where the folder does not exist.
     *
     * @param a side A's use of the cache
     * @param b side B's use of the cache
     */
    public record Pair(IndexCacheUse a, IndexCacheUse b) {
    }

    /**
     * The name the cache knows a store by: its name in the config and where it is, so that a
     * store re-pointed elsewhere under the same name starts afresh (its snapshots would not
     * validate anyway; this only saves the store the work of finding out).
     */
    public static String storeKey(StoreSide side) {
        return side.name() + " " + side.store();
    }
}
