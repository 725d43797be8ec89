package org.mailsync.sync;

/**
 * One step of a plan.
 *
 * @param type    what to do
 * @param side    the side the action reads from (COPY) or acts on or reports about (all others)
 * @param message the message concerned, or null for folder actions
 */
public record SyncAction(ActionType type, Side side, IndexedMessage message) {

    /** The identity of the message concerned, or null. */
    public String identity() {
        return message == null ? null : message.identity();
    }
}
