package org.mailsync.route;

import java.util.List;

import org.apache.camel.Exchange;
import org.apache.camel.ExchangeProperty;
import org.mailsync.store.StoreException;
import org.mailsync.sync.SyncAction;

/**
 * Deletes a batch of messages on one side. The store removes exactly those messages or none;
 * if it fails, their identities stay in msinfo and the next run tries again.
 */
public class MessageDeleter {

    /** Carries out one side's deletions. */
    public void delete(DeletionBatch batch,
                       @ExchangeProperty(MailsyncConstants.JOB) SyncJob job,
                       @ExchangeProperty(MailsyncConstants.PAIR) FolderPair pair,
                       @ExchangeProperty(MailsyncConstants.OUTCOME) PairOutcome outcome,
                     Exchange exchange) {
        StoreSide side = job.side(batch.side());
        List<String> keys = batch.actions().stream().map(a -> a.message().meta().key()).toList();
        try {
            side.store().delete(batch.folder(), keys);
            outcome.deleted(batch.side(), batch.actions());
            exchange.getMessage().setHeader(MailsyncConstants.RESULT, "done");
            for (SyncAction action : batch.actions()) {
                job.report().action(pair, action);
            }
        } catch (StoreException e) {
            String error = "cannot delete " + keys.size() + (keys.size() == 1 ? " message" : " messages") + " in "
                    + side.name() + ":" + batch.folder() + ": " + e.getMessage();
            outcome.deleteFailed(batch.actions(), error);
            exchange.getMessage().setHeader(MailsyncConstants.RESULT, "failed");
            job.report().error(error);
        }
    }
}
