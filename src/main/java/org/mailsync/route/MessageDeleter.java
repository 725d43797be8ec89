package org.mailsync.route;

import java.util.List;

import org.apache.camel.Exchange;
import org.apache.camel.ExchangeProperty;
import org.mailsync.camel.MailsyncConstants;
import org.mailsync.job.StoreSide;
import org.mailsync.job.SyncJob;
import org.mailsync.report.PairOutcome;
import org.mailsync.store.StoreException;
import org.mailsync.sync.SyncAction;

/**
 * Deletes a batch of messages on one side. The store removes exactly those messages or none;
 * if it fails (thrown to the route's {@code onException}), their identities stay in msinfo and
 * the next run tries again.
 */
public class MessageDeleter {

    /** Carries out one side's deletions; nothing when the pair was given up. */
    public void delete(DeletionBatch batch,
                       @ExchangeProperty(MailsyncConstants.JOB) SyncJob job,
                       @ExchangeProperty(MailsyncConstants.PAIR) FolderPair pair,
                       @ExchangeProperty(MailsyncConstants.OUTCOME) PairOutcome outcome,
                       Exchange exchange) throws StoreException {
        exchange.setProperty(MailsyncConstants.ACTION, batch);
        if (outcome.isAborted()) {
            return;
        }
        StoreSide side = job.side(batch.side());
        List<String> keys = batch.actions().stream().map(a -> a.message().meta().key()).toList();
        side.store().delete(batch.folder(), keys);
        outcome.deleted(batch.side(), batch.actions());
        for (SyncAction action : batch.actions()) {
            job.report().action(pair.boxname(), action);
        }
    }
}
