package org.mailsync.route;

import java.util.LinkedHashMap;
import java.util.Map;

import org.apache.camel.Exchange;
import org.apache.camel.ExchangeProperty;
import org.mailsync.camel.MailsyncConstants;
import org.mailsync.job.SyncJob;
import org.mailsync.report.PairOutcome;
import org.mailsync.store.FlagChange;
import org.mailsync.store.StoreException;
import org.mailsync.sync.SyncAction;

/**
 * Makes a batch of flag changes on one side (three-way flag sync, SEMANTICS.md). Each change is
 * a delta, so a flag someone else changed meanwhile on the same message stays as they left it.
 * If the store fails (thrown to the route's {@code onException}), msinfo keeps the flags it
 * remembered for those messages, so the next run sees the same changes and makes them then.
 */
public class FlagChanger {

    /** Makes one side's flag changes; nothing when the pair was given up. */
    public void change(FlagBatch batch,
                       @ExchangeProperty(MailsyncConstants.JOB) SyncJob job,
                       @ExchangeProperty(MailsyncConstants.PAIR) FolderPair pair,
                       @ExchangeProperty(MailsyncConstants.OUTCOME) PairOutcome outcome,
                       Exchange exchange) throws StoreException {
        exchange.setProperty(MailsyncConstants.ACTION, batch);
        if (outcome.isAborted()) {
            return;
        }
        Map<String, FlagChange> changes = new LinkedHashMap<>();
        for (SyncAction action : batch.actions()) {
            changes.put(action.message().meta().key(), action.change());
        }
        job.side(batch.side()).store().changeFlags(batch.folder(), changes);
        for (SyncAction action : batch.actions()) {
            outcome.flagsChanged(action);
            job.report().action(pair.boxname(), action);
        }
    }
}
