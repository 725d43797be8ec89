package org.mailsync.route;

import java.util.List;

import org.mailsync.sync.Side;
import org.mailsync.sync.SyncAction;

/**
 * The deletions of one folder pair on one side, carried out together: an mbox folder is
 * rewritten once for all of them, an IMAP folder expunged once.
 *
 * @param side    the side they are deleted on
 * @param folder  the native folder name on that side
 * @param actions the DELETE and DELETE_DUPLICATE actions
 */
public record DeletionBatch(Side side, String folder, List<SyncAction> actions) {
}
