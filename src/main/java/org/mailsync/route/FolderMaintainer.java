package org.mailsync.route;

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
 * Creates a folder whose pair exists only on the other side, or removes one ({@code -D}). A
 * failure is thrown to the route's {@code onException}, which reports it through
 * {@link ActionFailures}.
 */
public class FolderMaintainer {

    /** Carries out a CREATE_FOLDER or REMOVE_FOLDER action. */
    public void apply(SyncAction action,
                      @ExchangeProperty(MailsyncConstants.JOB) SyncJob job,
                      @ExchangeProperty(MailsyncConstants.PAIR) FolderPair pair,
                      @ExchangeProperty(MailsyncConstants.OUTCOME) PairOutcome outcome) throws StoreException {
        StoreSide side = job.side(action.side());
        String folder = action.side() == Side.A ? pair.folderA() : pair.folderB();
        if (action.type() == ActionType.CREATE_FOLDER) {
            side.store().createFolder(folder);
        } else {
            side.store().removeFolder(folder);
        }
        outcome.folderActionDone(action);
        job.report().action(pair.boxname(), action);
    }
}
