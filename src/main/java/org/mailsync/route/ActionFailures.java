package org.mailsync.route;

import org.apache.camel.Exchange;
import org.apache.camel.ExchangeProperty;
import org.mailsync.camel.MailsyncConstants;
import org.mailsync.job.StoreSide;
import org.mailsync.job.SyncJob;
import org.mailsync.report.PairOutcome;
import org.mailsync.store.StoreException;
import org.mailsync.sync.ActionType;
import org.mailsync.sync.Side;
import org.mailsync.sync.SyncAction;

/**
 * The route set's {@code onException} handler for the steps that change a store: it records
 * the failure in the pair's outcome (so msinfo records only what really is on both sides) and
 * reports it once, by name. A failure of a whole store (a transient failure that outlived its
 * redeliveries, or one of store scope) gives the pair up: no further action, no commit.
 */
public class ActionFailures {

    /** Records the failure of the exchange's action (a SyncAction, a FlagBatch or a DeletionBatch). */
    public void failed(@ExchangeProperty(MailsyncConstants.ACTION) Object action,
                       @ExchangeProperty(MailsyncConstants.JOB) SyncJob job,
                       @ExchangeProperty(MailsyncConstants.PAIR) FolderPair pair,
                       @ExchangeProperty(MailsyncConstants.OUTCOME) PairOutcome outcome,
                       @ExchangeProperty(Exchange.EXCEPTION_CAUGHT) Exception cause) {
        String reason = cause == null ? "unknown failure" : cause.getMessage();
        if (action instanceof DeletionBatch batch) {
            StoreSide side = job.side(batch.side());
            int n = batch.actions().size();
            String error = "cannot delete " + n + (n == 1 ? " message" : " messages") + " in " + side.name() + ":"
                    + batch.folder() + ": " + reason;
            if (givesUpStore(cause)) {
                outcome.abort(error);
                job.report().error(error + "; the rest of folder \"" + pair.boxname() + "\" is left for the next run");
            } else {
                // The deletions stay in msinfo, so the next run tries them again.
                outcome.deleteFailed(batch.actions(), error);
                job.report().error(error);
            }
        } else if (action instanceof FlagBatch batch) {
            StoreSide side = job.side(batch.side());
            int n = batch.actions().size();
            String error = "cannot change the flags of " + n + (n == 1 ? " message" : " messages") + " in " + side.name()
                    + ":" + batch.folder() + ": " + reason;
            if (givesUpStore(cause)) {
                outcome.abort(error);
                job.report().error(error + "; the rest of folder \"" + pair.boxname() + "\" is left for the next run");
            } else {
                // msinfo keeps the flags it remembered for them, so the next run tries again.
                outcome.flagsFailed(batch.actions(), error);
                job.report().error(error);
            }
        } else if (action instanceof SyncAction a && a.type() == ActionType.COPY) {
            Side from = a.side();
            String error = "cannot copy message " + a.identity() + " from " + job.side(from).name() + ":" + folder(pair, from)
                    + " to " + job.side(from.other()).name() + ":" + folder(pair, from.other()) + ": " + reason;
            if (givesUpStore(cause)) {
                outcome.abort(error);
                job.report().error(error + "; the rest of folder \"" + pair.boxname() + "\" is left for the next run");
            } else {
                outcome.failed(error);
                job.report().error(error);
            }
        } else if (action instanceof SyncAction a) {
            String error = "cannot " + (a.type() == ActionType.CREATE_FOLDER ? "create" : "remove") + " folder "
                    + job.side(a.side()).name() + ":" + folder(pair, a.side()) + ": " + reason;
            outcome.folderFailed(error);
            job.report().error(error);
        } else {
            outcome.abort(reason);
            job.report().error("folder \"" + pair.boxname() + "\": " + reason);
        }
    }

    private static boolean givesUpStore(Exception cause) {
        return cause instanceof StoreException e && e.scope() == StoreException.Scope.STORE;
    }

    private static String folder(FolderPair pair, Side side) {
        return side == Side.A ? pair.folderA() : pair.folderB();
    }
}
