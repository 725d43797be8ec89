package org.mailsync.route;

import java.util.ArrayList;
import java.util.List;

import org.apache.camel.ExchangeProperty;
import org.mailsync.camel.MailsyncConstants;
import org.mailsync.sync.ActionType;
import org.mailsync.sync.Side;
import org.mailsync.sync.SyncAction;
import org.mailsync.sync.SyncPlan;

/**
 * Cuts a plan into the pieces the route set splits over, in the order they must run: folder
 * actions, then copies, then flag changes, then deletions (copy before delete: a message that is
 * copied is never lost), then reports.
 */
public class PlanSteps {

    /** Folder creations and removals. */
    public List<SyncAction> folderActions(@ExchangeProperty(MailsyncConstants.PLAN) SyncPlan plan) {
        return plan.actions().stream()
                .filter(a -> a.type() == ActionType.CREATE_FOLDER || a.type() == ActionType.REMOVE_FOLDER).toList();
    }

    /** The copies, each one message. */
    public List<SyncAction> copies(@ExchangeProperty(MailsyncConstants.PLAN) SyncPlan plan) {
        return plan.actionsOf(ActionType.COPY);
    }

    /** The flag changes, one batch per side that has any. */
    public List<FlagBatch> flagChanges(@ExchangeProperty(MailsyncConstants.PLAN) SyncPlan plan,
                                       @ExchangeProperty(MailsyncConstants.PAIR) FolderPair pair) {
        List<FlagBatch> batches = new ArrayList<>();
        for (Side side : Side.values()) {
            List<SyncAction> onSide = plan.actions().stream()
                    .filter(a -> a.side() == side && a.type() == ActionType.SET_FLAGS)
                    .toList();
            if (!onSide.isEmpty()) {
                batches.add(new FlagBatch(side, side == Side.A ? pair.folderA() : pair.folderB(), onSide));
            }
        }
        return batches;
    }

    /** The deletions, one batch per side that has any. */
    public List<DeletionBatch> deletions(@ExchangeProperty(MailsyncConstants.PLAN) SyncPlan plan,
                                         @ExchangeProperty(MailsyncConstants.PAIR) FolderPair pair) {
        List<DeletionBatch> batches = new ArrayList<>();
        for (Side side : Side.values()) {
            List<SyncAction> onSide = plan.actions().stream()
                    .filter(a -> a.side() == side)
                    .filter(a -> a.type() == ActionType.DELETE || a.type() == ActionType.DELETE_DUPLICATE)
                    .toList();
            if (!onSide.isEmpty()) {
                batches.add(new DeletionBatch(side, side == Side.A ? pair.folderA() : pair.folderB(), onSide));
            }
        }
        return batches;
    }

    /** The actions that only report (duplicates, skipped messages, held-back deletions, missing folders). */
    public List<SyncAction> reports(@ExchangeProperty(MailsyncConstants.PLAN) SyncPlan plan) {
        return plan.actions().stream().filter(a -> !a.type().changesStore()).toList();
    }
}
