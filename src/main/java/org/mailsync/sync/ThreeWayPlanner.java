package org.mailsync.sync;

import java.util.Set;

/**
 * The sync decision: a pure function from the two sides' indexes and msinfo to a plan.
 * No I/O happens here.
 */
public final class ThreeWayPlanner {

    private ThreeWayPlanner() {
    }

    /**
     * Plans one folder pair.
     *
     * @param boxname the pair's boxname
     * @param a       side A's index, or null when the folder does not exist on side A
     * @param b       side B's index, or null when the folder does not exist on side B
     * @param msinfo  the identities present on both sides at the end of the last sync
     * @param options the user's choices
     */
    public static SyncPlan plan(String boxname, FolderIndex a, FolderIndex b, Set<String> msinfo, SyncOptions options) {
        throw new UnsupportedOperationException("not yet written");
    }
}
