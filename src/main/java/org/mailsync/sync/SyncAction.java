package org.mailsync.sync;

import org.mailsync.store.FlagChange;

/**
 * One step of a plan.
 *
 * @param type    what to do
 * @param side    the side the action reads from (COPY) or acts on or reports about (all others)
 * @param message the message concerned (for SET_FLAGS: the message on {@code side}), or null
 *                for folder actions and {@link ActionType#DELETIONS_HELD}
 * @param change  SET_FLAGS: the flags to set and clear on {@code side}; null for every other type
 */
public record SyncAction(ActionType type, Side side, IndexedMessage message, FlagChange change) {

    /** An action that changes no flags. */
    public SyncAction(ActionType type, Side side, IndexedMessage message) {
        this(type, side, message, null);
    }

    /** The identity of the message concerned, or null. */
    public String identity() {
        return message == null ? null : message.identity();
    }
}
