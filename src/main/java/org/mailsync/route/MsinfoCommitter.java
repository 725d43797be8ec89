package org.mailsync.route;

import org.apache.camel.ExchangeProperty;
import org.mailsync.msinfo.MsinfoException;
import org.mailsync.sync.ActionType;

/**
 * Writes a folder pair's msinfo after its actions ran: exactly the identities now on both
 * sides (plus failed and held-back deletions, so they are tried again). Nothing is written for
 * a simulation, a skipped pair, or a pair whose folder could not be created or removed.
 */
public class MsinfoCommitter {

    /** Commits the outcome of one folder pair. */
    public void commit(@ExchangeProperty(MailsyncConstants.JOB) SyncJob job,
                       @ExchangeProperty(MailsyncConstants.OUTCOME) PairOutcome outcome) throws MsinfoException {
        if (job.simulate() || outcome.isFolderFailed()) {
            return;
        }
        String box = outcome.pair().boxname();
        if (!outcome.plan().actionsOf(ActionType.REMOVE_FOLDER).isEmpty()) {
            job.msinfo().forget(job.channel(), box);
        } else if (!outcome.plan().skipped()) {
            job.msinfo().replace(job.channel(), box, outcome.msinfoAfter());
        }
    }
}
