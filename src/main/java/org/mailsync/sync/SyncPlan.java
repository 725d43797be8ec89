package org.mailsync.sync;

import java.util.List;
import java.util.Set;

/**
 * What to do with one folder pair, as decided by {@link ThreeWayPlanner}.
 *
 * @param boxname     the pair's boxname
 * @param actions     the actions in the order to carry them out: folder creations, then copies
 *                    (in each source folder's order), then deletions, then reports
 * @param msinfoBase  the identities msinfo must hold after the sync whatever happens to the
 *                    actions: those on both sides that no action touches, and deletions held
 *                    back by {@code -n}. The committer adds each identity whose COPY succeeded
 *                    and each whose DELETE failed, so msinfo only ever records what is (or is
 *                    meant to stay) on both sides.
 * @param skipped     whether the pair was skipped as a whole (its msinfo must not be touched)
 */
public record SyncPlan(String boxname, List<SyncAction> actions, Set<String> msinfoBase, boolean skipped) {

    public SyncPlan {
        actions = List.copyOf(actions);
        msinfoBase = Set.copyOf(msinfoBase);
    }

    /** The actions of one type, in plan order. */
    public List<SyncAction> actionsOf(ActionType type) {
        return actions.stream().filter(a -> a.type() == type).toList();
    }

    /** Whether the plan changes anything in either store. */
    public boolean changesStores() {
        return actions.stream().anyMatch(a -> a.type().changesStore());
    }
}
