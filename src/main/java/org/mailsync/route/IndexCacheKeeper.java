package org.mailsync.route;

import org.mailsync.job.StoreSide;
import org.mailsync.job.SyncJob;
import org.mailsync.msinfo.CachedIndex;
import org.mailsync.msinfo.MsinfoException;
import org.mailsync.store.StoreException;
import org.mailsync.sync.ActionType;
import org.mailsync.sync.Side;
import org.mailsync.sync.SyncAction;
import org.mailsync.sync.SyncPlan;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps a synced folder pair's index cache for the next run. A side this run did not change
 * keeps the snapshot it was indexed with (and nothing is written when that equals what was
 * loaded: a no-op sync writes nothing). A side the run changed (copies into it, deletions,
 * a new folder) is indexed once more through that snapshot, which reads only the messages the
 * run itself added, so that the next run starts from the folder as this one left it instead
 * of re-reading everything it copied.
 *
 * <p>The refreshed index also tells the commit which flags the run's copies got on their
 * target side, so msinfo can remember them at once.
 *
 * <p>The cache is a hint: failing to keep it costs the next run time, never correctness, so
 * failures here are logged, not reported.
 */
final class IndexCacheKeeper {

    private static final Logger LOG = LoggerFactory.getLogger(IndexCacheKeeper.class);

    private IndexCacheKeeper() {
    }

    /**
     * The pair's folders as this run leaves them: a side the plan changed indexed once more
     * through this run's own snapshot (reading only what the run wrote), an unchanged side as it
     * was indexed. Null for a side that does not exist or could not be indexed again.
     */
    static IndexCacheUse.Pair refresh(SyncJob job, FolderPair pair, SyncPlan plan, IndexCacheUse.Pair uses) {
        return new IndexCacheUse.Pair(
                refresh(job, Side.A, job.a(), pair.folderA(), uses == null ? null : uses.a(), plan),
                refresh(job, Side.B, job.b(), pair.folderB(), uses == null ? null : uses.b(), plan));
    }

    private static IndexCacheUse refresh(SyncJob job, Side side, StoreSide store, String folder, IndexCacheUse use,
                                         SyncPlan plan) {
        if (!changed(plan, side)) {
            return use; // null: the folder does not exist on this side and was not created
        }
        try {
            // from this run's own index, not the state's older cache: what that index
            // already read is not read again
            IndexCacheUse fresh = FolderPairIndexer.indexFrom(store, folder, job.identity(), use == null ? null : use.made());
            return new IndexCacheUse(store, folder, fresh.index(), use == null ? null : use.loaded(), fresh.made());
        } catch (StoreException | RuntimeException e) {
            LOG.debug("index cache of {}:{} not kept: {}", store.name(), folder, e.toString());
            return null;
        }
    }

    /** Keeps both sides' caches ({@link #refresh}ed) of a pair whose msinfo was written. */
    static void save(SyncJob job, IndexCacheUse.Pair refreshed) {
        if (refreshed == null) {
            return;
        }
        for (IndexCacheUse use : new IndexCacheUse[] {refreshed.a(), refreshed.b()}) {
            if (use == null || sameAs(use.made(), use.loaded()) || !use.made().snapshot().reusable()) {
                continue; // a no-op sync writes nothing
            }
            try {
                job.state().saveIndex(IndexCacheUse.storeKey(use.side()), use.folder(), use.made());
            } catch (MsinfoException | RuntimeException e) {
                LOG.debug("index cache of {}:{} not kept: {}", use.side().name(), use.folder(), e.toString());
            }
        }
    }

    /** Whether the plan changes the folder on this side: copies into it, deletions in it, its creation. */
    static boolean changed(SyncPlan plan, Side side) {
        for (SyncAction action : plan.actions()) {
            if (!action.type().changesStore() || action.type() == ActionType.REMOVE_FOLDER) {
                continue;
            }
            Side target = action.type() == ActionType.COPY ? action.side().other() : action.side();
            if (target == side) {
                return true;
            }
        }
        return false;
    }

    private static boolean sameAs(CachedIndex index, CachedIndex loaded) {
        return loaded != null && index.snapshot().equals(loaded.snapshot()) && index.digests().equals(loaded.digests());
    }
}
