package org.mailsync.sync;

/**
 * What a planned action does. The first group changes a store; the second only reports.
 */
public enum ActionType {
    /** Copy a message from {@code SyncAction.side()} to the other side. */
    COPY(true),
    /** Delete a message on {@code side()}: it was deleted on the other side since the last sync. */
    DELETE(true),
    /** Delete a later copy on {@code side()} whose content is identical to an earlier one. */
    DELETE_DUPLICATE(true),
    /** Create the folder on {@code side()} (its pair exists only on the other side). */
    CREATE_FOLDER(true),
    /** Remove the folder on {@code side()} ({@code -D}; its pair was removed on the other side). */
    REMOVE_FOLDER(true),
    /**
     * Change a message's flags on {@code side()} by {@code SyncAction.change()}: they changed on
     * the other side since the last sync (SEMANTICS.md "flag sync"). Never copies or deletes.
     */
    SET_FLAGS(true),

    /** A later message with the identity of an earlier one but different content: kept, reported. */
    DUPLICATE(false),
    /** A deletion {@code -n} held back; it stays pending in msinfo. */
    DELETE_PENDING(false),
    /** A new message larger than the channel's size limit: not copied. */
    SKIP_TOO_BIG(false),
    /** A new message flagged \Deleted: not copied (unless {@code -cd}). */
    SKIP_DELETED(false),
    /** A message without identity in the channel's mode: never copied or deleted. */
    NO_IDENTITY(false),
    /** The folder vanished on {@code side()} after a sync: the pair is skipped, nothing deleted. */
    FOLDER_MISSING(false),
    /**
     * The deletion circuit breaker held back every deletion on {@code side()}: more than the
     * channel's {@code maxdelete} of the pair's remembered messages; they stay pending in
     * msinfo ({@link SyncPlan#deletionsHeld()} has the counts).
     */
    DELETIONS_HELD(false);

    private final boolean changesStore;

    ActionType(boolean changesStore) {
        this.changesStore = changesStore;
    }

    /** Whether carrying out the action changes a store (as opposed to only reporting). */
    public boolean changesStore() {
        return changesStore;
    }
}
