package org.mailsync.route;

import java.util.List;
import java.util.Map;

import org.apache.camel.Exchange;
import org.apache.camel.ExchangeProperty;
import org.mailsync.camel.MailsyncConstants;
import org.mailsync.job.StoreSide;
import org.mailsync.msinfo.DeletionRecord;
import org.mailsync.msinfo.MsinfoException;
import org.mailsync.job.SyncJob;
import org.mailsync.report.PairOutcome;
import org.mailsync.store.StoreException;
import org.mailsync.sync.RememberedFlags;
import org.mailsync.sync.SyncAction;
import org.mailsync.trash.TrashMover;

/**
 * Deletes a batch of messages on one side: moves them to that side's trash and logs them
 * ({@link TrashMover}, so that {@code mailsync undo} can restore them), or with {@code trash off}
 * removes them for good. The store moves or removes exactly those messages; if it fails
 * (thrown to the route's {@code onException}), their identities stay in msinfo and the next
 * run tries again.
 */
public class MessageDeleter {

    /** Carries out one side's deletions; nothing when the pair was given up. */
    public void delete(DeletionBatch batch,
                       @ExchangeProperty(MailsyncConstants.JOB) SyncJob job,
                       @ExchangeProperty(MailsyncConstants.PAIR) FolderPair pair,
                       @ExchangeProperty(MailsyncConstants.OUTCOME) PairOutcome outcome,
                       @ExchangeProperty(MessageMover.CLAIMS) MoveClaims claims,
                       @ExchangeProperty(FolderPairIndexer.LOADED_MSINFO) Map<String, RememberedFlags> loaded,
                       Exchange exchange) throws StoreException, MsinfoException {
        exchange.setProperty(MailsyncConstants.ACTION, batch);
        if (outcome.isAborted()) {
            return;
        }
        StoreSide side = job.side(batch.side());
        // A message another pair moved out of this folder in this run (move detection) is gone
        // from it already, as its deletion wanted: it is neither deleted nor reported here.
        List<SyncAction> actions = claims == null ? batch.actions()
                : claims.claimDeletions(batch.side(), pair.boxname(), batch.actions(), loaded);
        List<DeletionRecord> trashed = List.of();
        try {
            if (actions.isEmpty()) {
                return;
            }
            if (job.trash().keeps(batch.side())) {
                trashed = TrashMover.trash(job.trash(), job.state(), job.channel(), batch.side(), side.store(), pair.boxname(),
                        batch.folder(), actions);
            } else {
                List<String> keys = actions.stream().map(a -> a.message().meta().key()).toList();
                side.store().delete(batch.folder(), keys);
            }
        } finally {
            if (claims != null) {
                claims.deletionsDone(batch.side(), pair.boxname(), actions, trashed);
            }
        }
        outcome.deleted(batch.side(), actions);
        for (SyncAction action : actions) {
            job.report().action(pair.boxname(), action);
        }
    }
}
