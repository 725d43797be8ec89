package org.mailsync.sync;

/**
 * The choices a user makes for one sync that change what the planner decides.
 *
 * @param noDelete       {@code -n}: delete nothing; deletions stay pending in msinfo
 * @param removeFolders  {@code -D}: remove a folder whose pair was removed on the other side
 * @param copyDeleted    {@code -cd}: also copy messages flagged \Deleted
 * @param sizeLimit      largest message to copy in bytes, or 0 for no limit
 * @param allowEmptied   propagate deletions even when a side's folder became empty while
 *                       msinfo remembers messages in it (off by default: an emptied folder is
 *                       far more often an accident than a wish)
 */
public record SyncOptions(boolean noDelete, boolean removeFolders, boolean copyDeleted, long sizeLimit,
                          boolean allowEmptied) {

    /** The defaults of a plain {@code mailsync channel}. */
    public static SyncOptions defaults() {
        return new SyncOptions(false, false, false, 0, false);
    }
}
