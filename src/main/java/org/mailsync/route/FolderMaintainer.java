package org.mailsync.route;

import org.apache.camel.ExchangeProperty;
import org.mailsync.store.StoreException;
import org.mailsync.sync.ActionType;
import org.mailsync.sync.Side;
import org.mailsync.sync.SyncAction;

/** Creates a folder whose pair exists only on the other side, or removes one ({@code -D}). */
public class FolderMaintainer {

    /** Carries out a CREATE_FOLDER or REMOVE_FOLDER action. */
    public void apply(SyncAction action,
                      @ExchangeProperty(MailsyncConstants.JOB) SyncJob job,
                      @ExchangeProperty(MailsyncConstants.PAIR) FolderPair pair,
                      @ExchangeProperty(MailsyncConstants.OUTCOME) PairOutcome outcome) {
        StoreSide side = job.side(action.side());
        String folder = action.side() == Side.A ? pair.folderA() : pair.folderB();
        try {
            if (action.type() == ActionType.CREATE_FOLDER) {
                side.store().createFolder(folder);
            } else {
                side.store().removeFolder(folder);
            }
            outcome.folderActionDone(action);
            job.report().action(pair, action);
        } catch (StoreException e) {
            String error = "cannot " + (action.type() == ActionType.CREATE_FOLDER ? "create" : "remove") + " folder "
                    + side.name() + ":" + folder + ": " + e.getMessage();
            outcome.folderFailed(error);
            job.report().error(error);
        }
    }
}
