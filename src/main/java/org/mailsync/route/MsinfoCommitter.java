package org.mailsync.route;

import java.util.Map;

import org.apache.camel.Exchange;
import org.apache.camel.ExchangeProperty;
import org.mailsync.camel.MailsyncConstants;
import org.mailsync.job.SyncJob;
import org.mailsync.msinfo.MsinfoException;
import org.mailsync.report.PairOutcome;
import org.mailsync.sync.ActionType;
import org.mailsync.sync.RememberedFlags;

/**
 * Writes a folder pair's msinfo after its actions ran: exactly the identities now on both
 * sides, each with both sides' flags (the base of the next flag merge) (plus failed and held-back deletions, so they are tried again). Nothing is written for
 * a simulation, a skipped pair, a pair whose folder could not be created or removed, or one
 * given up after a store failure. Then it keeps the pair's index cache for the next run
 * ({@link IndexCacheKeeper}).
 */
public class MsinfoCommitter {

    /**
     * The exchange property set when the pair's msinfo was committed: whether its content
     * (identities or remembered flags) differs from what was loaded.
     */
    public static final String CHANGED = "mailsyncMsinfoChanged";

    /** Commits the outcome of one folder pair. */
    public void commit(@ExchangeProperty(MailsyncConstants.JOB) SyncJob job,
                       @ExchangeProperty(MailsyncConstants.OUTCOME) PairOutcome outcome,
                       @ExchangeProperty(MailsyncConstants.PAIR) FolderPair pair,
                       @ExchangeProperty(IndexCacheUse.PROPERTY) IndexCacheUse.Pair cache,
                       @ExchangeProperty(FolderPairIndexer.LOADED_MSINFO) Map<String, RememberedFlags> loaded,
                       Exchange exchange) throws MsinfoException {
        if (job.simulate() || outcome.isFolderFailed() || outcome.isAborted()) {
            return;
        }
        String box = outcome.boxname();
        if (!outcome.plan().actionsOf(ActionType.REMOVE_FOLDER).isEmpty()) {
            job.state().forget(job.channel(), box);
            return;
        }
        IndexCacheUse.Pair refreshed = pair == null ? null : IndexCacheKeeper.refresh(job, pair, outcome.plan(), cache);
        if (!outcome.plan().skipped()) {
            Map<String, RememberedFlags> after = CopiedFlags.fill(
                    outcome.rememberedFlagsAfter(loaded == null ? Map.of() : loaded), refreshed);
            // A pair with nothing to do leaves its record as it was: rewriting 100,000 equal
            // rows would be most of a no-op sync's time.
            // (an empty record is still written: that the pair was synced matters on its own)
            boolean changed = loaded == null || !after.equals(loaded);
            exchange.setProperty(CHANGED, changed);
            if (changed || loaded.isEmpty()) {
                job.state().replaceWithFlags(job.channel(), box, after);
            }
        }
        IndexCacheKeeper.save(job, refreshed);
    }
}
