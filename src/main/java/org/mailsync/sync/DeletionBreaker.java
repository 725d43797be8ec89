package org.mailsync.sync;

import java.util.ArrayList;
import java.util.List;

/**
 * The deletion circuit breaker, a pure step of {@link ThreeWayPlanner} (SEMANTICS.md
 * "Deletions users can trust"): per folder pair and side, the deletions of remembered messages
 * propagated from the other side are held back as a whole when they exceed the channel's
 * {@link DeletionLimit}, unless the user forces them ({@code --force-deletions}).
 *
 * <p>It replaces the rule that skipped a pair whose folder became empty: a mass deletion is far
 * more often an accident (a wiped client cache, a wrong path, a server that lost a folder's
 * contents) than a wish, whether or not it leaves the folder empty, while a user who deletes
 * the last two messages of a folder means it. It counts deletions, not emptiness, so copies
 * can still flow into the emptied folder without ending the protection on the next run: the
 * held identities stay in msinfo and are counted again. Duplicates deleted within a folder are
 * not counted: they delete nothing the other side does not still hold.
 */
final class DeletionBreaker {

    private DeletionBreaker() {
    }

    /**
     * The sides whose deletions are held back.
     *
     * @param deletions  the pair's planned deletions (other types are ignored)
     * @param remembered how many identities msinfo remembers for the pair
     * @param options    the limit and whether it is lifted
     */
    static List<DeletionsHeld> held(List<SyncAction> deletions, int remembered, SyncOptions options) {
        List<DeletionsHeld> held = new ArrayList<>();
        if (options.forceDeletions()) {
            return held;
        }
        for (Side side : Side.values()) {
            int count = (int) deletions.stream().filter(d -> d.type() == ActionType.DELETE && d.side() == side).count();
            if (options.maxDelete().exceededBy(count, remembered)) {
                held.add(new DeletionsHeld(side, count, remembered, options.maxDelete()));
            }
        }
        return held;
    }
}
