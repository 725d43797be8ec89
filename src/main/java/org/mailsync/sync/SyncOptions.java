package org.mailsync.sync;

/**
 * The choices a user makes for one sync that change what the planner decides.
 *
 * @param noDelete       {@code -n}: delete nothing; deletions stay pending in msinfo
 * @param removeFolders  {@code -D}: remove a folder whose pair was removed on the other side
 * @param copyDeleted    {@code -cd}: also copy messages flagged \Deleted
 * @param sizeLimit      largest message to copy in bytes, or 0 for no limit
 * @param forceDeletions {@code --force-deletions} (alias {@code --allow-emptied}): carry out
 *                       deletions even where they exceed {@code maxDelete}
 * @param maxDelete      the deletion circuit breaker's limit (channel key {@code maxdelete});
 *                       null for {@link DeletionLimit#DEFAULT}
 * @param syncFlags      channel key {@code flags on|off}: plan flag changes (on by default);
 *                       off plans none, yet every run still records both sides' flags, so that
 *                       switching it on later changes nothing that did not change meanwhile
 */
public record SyncOptions(boolean noDelete, boolean removeFolders, boolean copyDeleted, long sizeLimit,
                          boolean forceDeletions, DeletionLimit maxDelete, boolean syncFlags) {

    public SyncOptions {
        maxDelete = maxDelete == null ? DeletionLimit.DEFAULT : maxDelete;
    }

    /** With the default deletion limit and flag sync on. */
    public SyncOptions(boolean noDelete, boolean removeFolders, boolean copyDeleted, long sizeLimit,
                       boolean forceDeletions) {
        this(noDelete, removeFolders, copyDeleted, sizeLimit, forceDeletions, DeletionLimit.DEFAULT, true);
    }

    /** The defaults of a plain {@code mailsync channel}. */
    public static SyncOptions defaults() {
        return new SyncOptions(false, false, false, 0, false);
    }

    /** These options with flag sync on or off. */
    public SyncOptions withSyncFlags(boolean on) {
        return new SyncOptions(noDelete, removeFolders, copyDeleted, sizeLimit, forceDeletions, maxDelete, on);
    }

    /** These options with another deletion limit. */
    public SyncOptions withMaxDelete(DeletionLimit limit) {
        return new SyncOptions(noDelete, removeFolders, copyDeleted, sizeLimit, forceDeletions, limit, syncFlags);
    }

    /** These options with {@code --force-deletions} on or off. */
    public SyncOptions withForceDeletions(boolean on) {
        return new SyncOptions(noDelete, removeFolders, copyDeleted, sizeLimit, on, maxDelete, syncFlags);
    }
}
