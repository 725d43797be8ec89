package org.mailsync.route;

import java.util.List;

import org.apache.camel.Exchange;
import org.apache.camel.ExchangeProperty;
import org.mailsync.camel.MailsyncConstants;
import org.mailsync.job.StoreSide;
import org.mailsync.msinfo.MsinfoException;
import org.mailsync.job.SyncJob;
import org.mailsync.report.PairOutcome;
import org.mailsync.store.StoreException;
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
                       Exchange exchange) throws StoreException, MsinfoException {
        exchange.setProperty(MailsyncConstants.ACTION, batch);
        if (outcome.isAborted()) {
            return;
        }
        StoreSide side = job.side(batch.side());
        if (job.trash().keeps(batch.side())) {
            TrashMover.trash(job.trash(), job.state(), job.channel(), batch.side(), side.store(), pair.boxname(),
                    batch.folder(), batch.actions());
        } else {
            List<String> keys = batch.actions().stream().map(a -> a.message().meta().key()).toList();
            side.store().delete(batch.folder(), keys);
        }
        outcome.deleted(batch.side(), batch.actions());
        for (SyncAction action : batch.actions()) {
            job.report().action(pair.boxname(), action);
        }
    }
}
