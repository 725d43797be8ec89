package org.mailsync.route;

import java.util.List;

import org.mailsync.sync.Side;
import org.mailsync.sync.SyncAction;

/**
 * The flag changes of one folder pair on one side, made together: one rewrite of an mbox, one
 * {@code .mh_sequences} write, one {@code UID STORE} per distinct change on IMAP.
 *
 * @param side    the side whose messages' flags change
 * @param folder  the native folder name on that side
 * @param actions the SET_FLAGS actions, in the folder's order
 */
public record FlagBatch(Side side, String folder, List<SyncAction> actions) {
}
